package dev.kiq.cli;

import java.io.PrintWriter;

/** Splits a report: the lines before its {@code ERROR:} line go to stdout, that line and what follows to stderr. */
final class ErrorLines {

    private ErrorLines() {
    }

    static void print(String report, PrintWriter out, PrintWriter err) {
        int at = report.startsWith("ERROR:") ? 0 : report.indexOf("\nERROR:") + 1;
        boolean failed = at > 0 || report.startsWith("ERROR:");
        if (!failed) {
            out.println(report);
        } else {
            if (at > 0) {
                out.println(report.substring(0, at - 1));
            }
            err.println(report.substring(at));
        }
        out.flush();
        err.flush();
    }
}
