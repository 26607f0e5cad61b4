package dev.kiq.cli;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV: a header row, then one row per record; cells with commas, quotes or line breaks are quoted. */
final class Csv {

    private Csv() {
    }

    static String render(List<String> headers, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        out.append(row(headers)).append('\n');
        for (List<String> r : rows) {
            out.append(row(r)).append('\n');
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(","));
    }

    private static String cell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
