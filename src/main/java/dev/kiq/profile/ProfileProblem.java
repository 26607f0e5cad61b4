package dev.kiq.profile;

/**
 * A profile file that could not be loaded; the others still load.
 *
 * @param source  the file path, or {@code shipped:<resource>} for a profile bundled in kiq
 * @param line    1-based line of the problem, 0 when unknown
 * @param message one sentence naming the file, line, field and what is valid
 */
public record ProfileProblem(String source, int line, String message) {
}
