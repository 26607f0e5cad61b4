package dev.kiq.ui.performance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Wizard;
import dev.kiq.ui.service.LatencyMetric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerformanceStepViewModelTest {

    private final Wizard wizard = new Wizard(FakeServices.create());
    private final PerformanceStepViewModel vm = wizard.performance();

    @BeforeEach
    void choose() {
        wizard.model().select(FakeServices.MODEL);
        wizard.accelerator().select("nvidia-h100-80gb");
    }

    @Test
    void draggingTheTargetMovesTheOperatingPointAndTheWorkloadField() {
        vm.setTarget(100);
        double atLoose = wizard.state().analysis().orElseThrow().operatingPoint().orElseThrow().outputTokensPerSecond();
        vm.setTarget(30);
        double atTight = wizard.state().analysis().orElseThrow().operatingPoint().orElseThrow().outputTokensPerSecond();
        assertThat(atTight).isLessThan(atLoose);
        assertThat(wizard.workload().targetNtpotProperty().get()).isEqualTo("30");
        assertThat(vm.verdictProperty().get()).startsWith("Operating point:");
    }

    @Test
    void aTargetBelowTheMinimumGivesNoRecommendationAndSaysWhy() {
        vm.setTarget(5);
        assertThat(vm.verdictProperty().get()).startsWith("No recommendation:").contains("minimum");
    }

    @Test
    void theTargetFollowsTheMetricOnTheAxis() {
        vm.setTarget(40);
        vm.metricProperty().set(LatencyMetric.TTFT);
        assertThat(vm.targetProperty().get()).isEmpty();
        vm.setTarget(500);
        assertThat(wizard.state().workloadProperty().get().targetTtftMs()).contains(500.0);
        assertThat(wizard.state().workloadProperty().get().targetNtpotMs()).contains(40.0);
        vm.clearTarget();
        assertThat(wizard.state().workloadProperty().get().targetTtftMs()).isEmpty();
    }

    @Test
    void hoverTextHasEveryFieldOfAPoint() {
        var profile = wizard.state().profileProperty().get();
        String text = vm.describe(profile, profile.performanceStats().get(3));
        assertThat(text).contains("QPS:", "Output tok/s:", "Input tok/s:", "NTPOT p50:", "TTFT p50:", "ITL p50:",
                "Queue size:", "Batch size:", "KV-cache usage:", "Cost: $");
    }

    @Test
    void overlayCandidatesAreTheOtherAcceleratorsAndDropTheChosenOne() {
        assertThat(vm.overlayCandidates()).hasSize(2);
        vm.overlays().setAll(vm.overlayCandidates());
        wizard.accelerator().select("nvidia-l4");
        assertThat(vm.overlays()).extracting(p -> p.acceleratorType()).doesNotContain("nvidia-l4");
    }

    @Test
    void invalidTargetsAreIgnored() {
        vm.setTarget(40);
        vm.setTarget(Double.NaN);
        vm.setTarget(-1);
        assertThat(vm.targetProperty().get()).contains(40.0);
    }
}
