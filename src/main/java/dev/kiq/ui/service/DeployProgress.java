package dev.kiq.ui.service;

/** One line of the deploy progress list, in plain words. */
public record DeployProgress(Severity severity, String text) {

    public enum Severity {
        INFO, DONE, WARNING, ERROR
    }
}
