package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.files.AtomicWriter;
import dev.kiq.profile.ProfileFormat;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code --output-path}: a file written atomically ({@link AtomicWriter}), or stdout for {@code -}. */
final class OutputPath {

    private OutputPath() {
    }

    /**
     * Checks a profile's {@code --output-path} before any work (a bench run measures for minutes first): a known
     * extension and a folder that exists or can be made. {@code null} (the per-user folder) is always fine.
     */
    static void checkProfilePath(Path outputPath) {
        if (outputPath == null) {
            return;
        }
        if (isStdout(outputPath)) {
            throw new KiqException("--output-path - is not valid here: a measured profile is saved to a file"
                    + " (.yaml, .yml or .json); leave the flag out to save it in the per-user profile folder.");
        }
        if (ProfileFormat.of(outputPath).isEmpty()) {
            throw new KiqException("--output-path " + outputPath + " is not valid; give a .yaml, .yml or .json file.");
        }
        AtomicWriter.checkWritable(outputPath, true);
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
