package dev.kiq.ui.manifests;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.input.KeyEvent;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * A RichTextFX code area that colours YAML (comments, keys, strings, numbers, document separators)
 * and can mark one line as the place of an error. Colours are in kiq.css with AtlantaFX's colour
 * variables so they follow the light and dark themes.
 */
public final class YamlEditor extends CodeArea {

    private static final Pattern TOKENS = Pattern.compile(
            "(?<COMMENT>#[^\\n]*)"
            + "|(?<SEPARATOR>^---\\s*$)"
            + "|(?<KEY>^[ \\t]*(?:- )*[A-Za-z0-9_./\\-\"']+(?=:(?:\\s|$)))"
            + "|(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\"|'[^'\\n]*')"
            + "|(?<NUMBER>(?<=[:\\-\\[,] )-?\\d+(?:\\.\\d+)?(?=\\s*$))"
            + "|(?<LITERAL>(?<=: )(?:true|false|null)(?=\\s*$))",
            Pattern.MULTILINE);

    private int errorLine = -1;

    public YamlEditor() {
        getStyleClass().add("yaml-editor");
        setParagraphGraphicFactory(LineNumberFactory.get(this));
        textProperty().addListener((o, a, text) -> restyle(a == null ? "" : a, text));
        // a letter typed with Alt alone is a mnemonic (Alt+N, Alt+B), not text: RichTextFX types it on Linux, and the
        // typed "n" of an Alt+N that showed this page landed in the manifests (Xvfb walk). JavaFX's text fields'
        // rule: Ctrl+Alt (AltGr on Windows) types, and so does Option on macOS
        addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (e.isAltDown() && !e.isControlDown() && !isMac()) {
                e.consume();
            }
        });
    }

    private static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
    }

    /**
     * Colours again only the lines an edit touched: every token lies within one line, so the other lines keep
     * their spans. Restyling the whole text on each keystroke made RichTextFX rebuild every visible line's cell
     * (the bulk of a keystroke's work on the UI thread).
     */
    private void restyle(String before, String after) {
        int[] same = sharedEnds(before, after);
        int prefix = same[0];
        int suffix = same[1];
        int from = after.lastIndexOf('\n', prefix - 1) + 1;
        int lineEnd = after.indexOf('\n', after.length() - suffix);
        int to = lineEnd < 0 ? after.length() : lineEnd;
        if (to > from) {
            setStyleSpans(from, highlight(after.substring(from, to)));
        }
    }

    /**
     * Shows a new text by replacing only the part that differs from the current one. Replacing the whole text
     * gave every character the style of the first, and {@link #restyle} colours again only the lines that changed,
     * so the unchanged lines before and after a change lost their colours (seen in the walk: after typing a
     * namespace, the lines above the generated-at annotation were black).
     */
    public void replaceKeepingStyles(String text) {
        String before = getText();
        int[] same = sharedEnds(before, text);
        int prefix = same[0];
        int suffix = same[1];
        replaceText(prefix, before.length() - suffix, text.substring(prefix, text.length() - suffix));
    }

    /** Marks the 1-based line of an error, or clears the mark. */
    public void markError(Optional<Integer> line) {
        if (errorLine >= 0 && errorLine < getParagraphs().size()) {
            setParagraphStyle(errorLine, Collections.emptyList());
        }
        errorLine = line.map(l -> Math.min(l, getParagraphs().size()) - 1).orElse(-1);
        if (errorLine >= 0) {
            setParagraphStyle(errorLine, List.of("yaml-error-line"));
        }
    }

    /** Style spans for the whole text; package-visible for tests. */
    static StyleSpans<Collection<String>> highlight(String text) {
        Matcher m = TOKENS.matcher(text);
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        while (m.find()) {
            String style = m.group("COMMENT") != null ? "yaml-comment"
                    : m.group("SEPARATOR") != null ? "yaml-separator"
                    : m.group("KEY") != null ? "yaml-key"
                    : m.group("STRING") != null ? "yaml-string"
                    : m.group("NUMBER") != null ? "yaml-number"
                    : "yaml-literal";
            spans.add(Collections.emptyList(), m.start() - last);
            spans.add(Collections.singleton(style), m.end() - m.start());
            last = m.end();
        }
        spans.add(Collections.emptyList(), text.length() - last);
        return spans.create();
    }

    /** How many leading and (not overlapping them) trailing characters two texts share: {prefix, suffix}. */
    private static int[] sharedEnds(String before, String after) {
        int shorter = Math.min(before.length(), after.length());
        int prefix = 0;
        while (prefix < shorter && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < shorter - prefix
                && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
            suffix++;
        }
        return new int[] {prefix, suffix};
    }
}
