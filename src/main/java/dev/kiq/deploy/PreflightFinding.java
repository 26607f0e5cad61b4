package dev.kiq.deploy;

/**
 * The result of one pre-flight check. A missing prerequisite is a warning, not an error: the rest of
 * the manifests still apply, and {@code remedy} says how to get what is missing.
 */
public record PreflightFinding(String check, boolean ok, String message, String remedy) {

    public static PreflightFinding ok(String check, String message) {
        return new PreflightFinding(check, true, message, "");
    }

    public static PreflightFinding missing(String check, String message, String remedy) {
        return new PreflightFinding(check, false, message, remedy);
    }
}
