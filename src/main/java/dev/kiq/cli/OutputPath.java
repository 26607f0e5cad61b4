package dev.kiq.cli;

import dev.kiq.files.AtomicWriter;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code --output-path}: a file written atomically ({@link AtomicWriter}), or stdout for {@code -}. */
final class OutputPath {

    private OutputPath() {
    }

    static boolean isStdout(Path outputPath) {
        return outputPath != null && outputPath.toString().equals("-");
    }

    /** Writes {@code text} to the path and says so on {@code out}, or prints it there for {@code -}. */
    static void write(Path outputPath, String text, PrintWriter out) {
        if (isStdout(outputPath)) {
            out.print(text);
        } else {
            AtomicWriter.write(outputPath, text);
            out.println("Output saved to " + outputPath);
        }
        out.flush();
    }
}
