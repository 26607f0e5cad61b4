package dev.kiq.cli;

import java.util.List;

/** gcloud's plain table: columns padded to their widest cell, separated by {@code " | "}, a dashed rule under the header. */
final class TextTable {

    private TextTable() {
    }

    static String render(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < headers.size(); c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (int c = 0; c < widths.length; c++) {
            if (c > 0) {
                out.append('|');
            }
            out.append("-".repeat(widths[c] + (c == 0 || c == widths.length - 1 ? 1 : 2)));
        }
        out.append('\n');
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            if (c > 0) {
                line.append(" | ");
            }
            line.append(c == widths.length - 1 ? cells.get(c) : pad(cells.get(c), widths[c]));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
