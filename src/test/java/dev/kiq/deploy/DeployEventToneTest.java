package dev.kiq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one home of a deploy line's severity: the wizard and the CLI show what these say. */
class DeployEventToneTest {

    private static final ObjectRef DEPLOYMENT = new ObjectRef("apps/v1", "Deployment", Optional.of("default"), "vllm");

    @Test
    void anAppliedObjectIsDoneASkippedOneAWarningAFailedOneAnError() {
        assertThat(new DeployEvent.ObjectApplied(DEPLOYMENT, ApplyOutcome.CREATED).tone()).isEqualTo(DeployEvent.Tone.DONE);
        assertThat(new DeployEvent.ObjectApplied(DEPLOYMENT, ApplyOutcome.CONFIGURED).tone())
                .isEqualTo(DeployEvent.Tone.DONE);
        assertThat(new DeployEvent.ObjectApplied(DEPLOYMENT, ApplyOutcome.UNCHANGED).tone())
                .isEqualTo(DeployEvent.Tone.DONE);
        assertThat(new DeployEvent.ObjectApplied(DEPLOYMENT, ApplyOutcome.SKIPPED).tone())
                .isEqualTo(DeployEvent.Tone.WARNING);
        assertThat(new DeployEvent.ObjectApplied(DEPLOYMENT, ApplyOutcome.FAILED).tone()).isEqualTo(DeployEvent.Tone.ERROR);
    }

    @Test
    void aFailedDryRunIsAnErrorNeverAGreenTick() {
        assertThat(new DeployEvent.DryRunChecked(DEPLOYMENT, ApplyOutcome.FAILED).tone()).isEqualTo(DeployEvent.Tone.ERROR);
        assertThat(new DeployEvent.DryRunChecked(DEPLOYMENT, ApplyOutcome.CREATED).tone())
                .isNotEqualTo(DeployEvent.Tone.ERROR);
    }
}
