package dev.kiq.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Wizard;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WizardViewModelTest {

    private final Wizard wizard = new Wizard(FakeServices.create());
    private final WizardViewModel vm = wizard.viewModel();

    @Test
    void nextIsBlockedUntilAModelIsChosen() {
        assertThat(vm.canGoNextProperty().get()).isFalse();
        assertThat(vm.canGoBackProperty().get()).isFalse();
        wizard.model().select(FakeServices.MODEL);
        assertThat(vm.canGoNextProperty().get()).isTrue();
        vm.next();
        assertThat(vm.currentProperty().get()).isEqualTo(1);
    }

    @Test
    void choicesSurviveGoingBackAndForth() {
        wizard.model().select(FakeServices.MODEL);
        vm.next();
        vm.next();
        wizard.workload().targetNtpotProperty().set("40");
        vm.next();
        wizard.accelerator().select("nvidia-l4");
        vm.back();
        vm.back();
        vm.back();
        assertThat(vm.currentProperty().get()).isZero();
        vm.next();
        vm.next();
        vm.next();
        assertThat(wizard.workload().targetNtpotProperty().get()).isEqualTo("40");
        assertThat(wizard.state().profileProperty().get().acceleratorType()).isEqualTo("nvidia-l4");
    }

    @Test
    void aLaterStepCanOnlyBeReachedWhenEveryEarlierOneIsComplete() {
        assertThat(vm.canGoTo(3)).isFalse();
        var reachable = vm.reachable(3);
        assertThat(reachable.get()).isFalse();
        wizard.model().select(FakeServices.MODEL);
        assertThat(vm.canGoTo(3)).isTrue();
        assertThat(reachable.get()).as("the step list's binding follows the model's choice").isTrue();
        assertThat(vm.canGoTo(4)).isFalse(); // no accelerator yet
        vm.goTo(3);
        assertThat(vm.currentProperty().get()).isEqualTo(3);
        // entering the accelerator step picks the best-fitting row
        assertThat(vm.canGoTo(4)).isTrue();
    }

    @Test
    void summaryDescribesTheChoices() {
        wizard.model().select(FakeServices.MODEL);
        wizard.workload().targetNtpotProperty().set("30");
        vm.goTo(3);
        assertThat(vm.modelSummary().get()).isEqualTo(FakeServices.MODEL + " (optimized)");
        assertThat(vm.serverSummary().get()).isEqualTo("vllm v0.7.2");
        assertThat(vm.workloadSummary().get()).contains("NTPOT ≤ 30.0 ms").contains("on-demand");
        assertThat(vm.acceleratorSummary().get()).contains("nvidia-h100-80gb");
        assertThat(vm.operatingPointSummary().get()).contains("output tok/s").contains("$");
        assertThat(wizard.state().analysis()).isNotEqualTo(Optional.empty());
    }
}
