package dev.kiq.ui.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.PricingModel;
import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Wizard;
import dev.kiq.ui.service.LatencyMetric;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadStepViewModelTest {

    private final Wizard wizard = new Wizard(FakeServices.create());
    private final WorkloadStepViewModel vm = wizard.workload();

    @Test
    void validFieldsBecomeTheSharedWorkload() {
        vm.targetNtpotProperty().set("50");
        vm.expectedQpsProperty().set("12.5");
        vm.pricingModelProperty().set(PricingModel.SPOT);
        vm.latencySensitiveProperty().set(true);
        var w = wizard.state().workloadProperty().get();
        assertThat(w.targetNtpotMs()).contains(50.0);
        assertThat(w.expectedQps()).contains(12.5);
        assertThat(w.pricingModel()).isEqualTo(PricingModel.SPOT);
        assertThat(w.latencySensitive()).isTrue();
        assertThat(vm.complete().get()).isTrue();
    }

    @Test
    void aNonPositiveTargetIsAnErrorAndKeepsTheLastValidWorkload() {
        vm.targetNtpotProperty().set("50");
        vm.targetNtpotProperty().set("-3");
        assertThat(vm.errorProperty().get()).contains("Target NTPOT must be a positive number").contains("'-3'");
        assertThat(vm.complete().get()).isFalse();
        assertThat(wizard.state().workloadProperty().get().targetNtpotMs()).contains(50.0);
        vm.targetNtpotProperty().set("");
        assertThat(vm.complete().get()).isTrue();
        assertThat(wizard.state().workloadProperty().get().targetNtpotMs()).isEmpty();
    }

    @Test
    void aTargetDraggedOnTheChartShowsUpInTheField() {
        var w = wizard.state().workloadProperty().get();
        wizard.state().workloadProperty().set(w.withTarget(LatencyMetric.NTPOT, Optional.of(31.25)));
        assertThat(vm.targetNtpotProperty().get()).isEqualTo("31.3");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void lengthsMustBeWholeTokens() {
        vm.inputTokensProperty().set("abc");
        assertThat(vm.errorProperty().get()).startsWith("Input length must be a whole number");
    }
}
