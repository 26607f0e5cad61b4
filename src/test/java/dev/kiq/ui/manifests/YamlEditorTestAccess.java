package dev.kiq.ui.manifests;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpans;

/** For tests outside the editor's package: where the editor's colours differ from colouring its whole text. */
public final class YamlEditorTestAccess {

    private YamlEditorTestAccess() {
    }

    /** Offsets (with the character and both styles) whose style differs; line ends are left out, their style is never drawn. */
    public static List<String> miscoloured(YamlEditor editor) {
        String text = editor.getText();
        StyleSpans<Collection<String>> expected = YamlEditor.highlight(text);
        List<String> out = new ArrayList<>();
        int[] at = {0};
        expected.forEach(span -> {
            for (int i = 0; i < span.getLength(); i++, at[0]++) {
                Collection<String> actual = editor.getStyleOfChar(at[0]);
                if (text.charAt(at[0]) != '\n' && !List.copyOf(actual).equals(List.copyOf(span.getStyle()))) {
                    out.add(at[0] + " '" + text.charAt(at[0]) + "' " + actual + " instead of " + span.getStyle());
                }
            }
        });
        return out;
    }
}
