package dev.kiq.ui.service;

import dev.kiq.deploy.DeployEvent;

/** One line of the deploy progress list, in plain words; its severity is the core's {@link DeployEvent#tone()}. */
public record DeployProgress(Severity severity, String text) {

    /** {@link DeployEvent.Tone} for the view, which does not see the deploy package. */
    public enum Severity {
        INFO, DONE, WARNING, ERROR;

        public static Severity of(DeployEvent.Tone tone) {
            return valueOf(tone.name());
        }
    }
}
