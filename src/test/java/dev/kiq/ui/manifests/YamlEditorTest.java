package dev.kiq.ui.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.Fx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The editor colours again only the lines an edit touched; the result must be what colouring the whole text gives. */
class YamlEditorTest {

    private static final String YAML = """
            # kiq manifests
            apiVersion: apps/v1
            kind: Deployment
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                  - name: "vllm"
                    args: ['--model=x']
            ---
            kind: Service
            """;

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @Test
    void editsColourTheTouchedLinesAsTheWholeTextWould() {
        Fx.run(() -> {
            YamlEditor editor = new YamlEditor();
            editor.replaceText(YAML);
            int replicas = editor.getText().indexOf("replicas: 1") + "replicas: ".length();
            editor.replaceText(replicas, replicas + 1, "two");          // a number becomes plain text
            assertThat(styleAt(editor, editor.getText().indexOf("two"))).isEmpty();
            editor.replaceText(replicas, replicas + 3, "3");            // and a number again
            assertThat(styleAt(editor, replicas)).containsExactly("yaml-number");
            int kind = editor.getText().indexOf("kind: Service");
            editor.insertText(kind, "# moved\n");                       // a new line: a comment
            assertThat(styleAt(editor, kind)).containsExactly("yaml-comment");
            editor.deleteText(0, editor.getText().indexOf('\n') + 1);   // the first line goes
            int quote = editor.getText().indexOf("\"vllm");
            editor.replaceText(quote, quote + 1, "");                   // an opened string no longer is one
            editor.insertText(editor.getLength(), "data:\n  key: 'v'\n");
            assertSpansEqual(editor.getText(), editor.getStyleSpans(0, editor.getLength()),
                    YamlEditor.highlight(editor.getText()));
        });
    }

    private static Collection<String> styleAt(YamlEditor editor, int offset) {
        return editor.getStyleOfChar(offset);
    }

    /** Compared character by character, line ends left out (their style is never drawn): spans may be split differently. */
    private static void assertSpansEqual(String text, StyleSpans<Collection<String>> actual,
            StyleSpans<Collection<String>> expected) {
        assertThat(visible(text, actual)).isEqualTo(visible(text, expected));
    }

    private static List<String> visible(String text, StyleSpans<Collection<String>> spans) {
        List<String> out = new ArrayList<>();
        int[] at = {0};
        spans.forEach(span -> {
            for (int i = 0; i < span.getLength(); i++, at[0]++) {
                if (text.charAt(at[0]) != '\n') {
                    out.add(at[0] + " " + text.charAt(at[0]) + " " + span.getStyle());
                }
            }
        });
        return out;
    }
}
