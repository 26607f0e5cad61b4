package dev.kiq.deploy;

import java.util.List;

/**
 * A failure in plain words: what went wrong, what to do about it, and supporting lines (for example
 * the last log lines of a crashing container).
 */
public record Problem(ProblemKind kind, String message, String remedy, List<String> details) {

    public Problem {
        details = List.copyOf(details);
    }

    public Problem(ProblemKind kind, String message, String remedy) {
        this(kind, message, remedy, List.of());
    }
}
