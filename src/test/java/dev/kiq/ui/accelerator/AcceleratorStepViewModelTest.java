package dev.kiq.ui.accelerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Wizard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AcceleratorStepViewModelTest {

    private final Wizard wizard = new Wizard(FakeServices.create());
    private final AcceleratorStepViewModel vm = wizard.accelerator();

    @BeforeEach
    void chooseModel() {
        wizard.model().select(FakeServices.MODEL);
    }

    @Test
    void rowsThatMeetTheTargetComeFirstCheapestFirstThenUnknownPrice() {
        // NTPOT 100 ms: every curve meets it up to its knee (8th point): the L4 makes 847 tok/s for $0.71/h,
        // the H100 6,494 tok/s for $11.06/h, so the L4's tokens are about half the price; the 3x A100 has no price
        wizard.workload().targetNtpotProperty().set("100");
        assertThat(vm.rows()).extracting(AcceleratorRow::accelerator)
                .containsExactly("nvidia-l4", "nvidia-h100-80gb", "nvidia-tesla-a100");
        assertThat(vm.rows()).allMatch(AcceleratorRow::feasible);
        assertThat(vm.rows().get(0).cost().orElseThrow().perMillionOutputTokens())
                .isLessThan(vm.rows().get(1).cost().orElseThrow().perMillionOutputTokens());
    }

    @Test
    void infeasibleRowsGoLastWithTheEnginesReason() {
        wizard.workload().targetNtpotProperty().set("40");
        assertThat(vm.rows()).extracting(AcceleratorRow::feasible).containsExactly(true, false, false);
        assertThat(vm.rows().get(0).accelerator()).isEqualTo("nvidia-h100-80gb");
        // the L4's curve starts at 63 ms (60 ms x 1.05)
        assertThat(vm.rows().get(1).reason()).contains("below the minimum 63.0 ms that 1x nvidia-l4");
    }

    @Test
    void aTargetBelowEveryMinimumLeavesNoFeasibleRow() {
        wizard.workload().targetNtpotProperty().set("1");
        assertThat(vm.rows()).noneMatch(AcceleratorRow::feasible);
        vm.entered();
        assertThat(wizard.state().profileProperty().get()).isNull();
    }

    @Test
    void enteringPicksTheBestRowAndSelectingByTypeWorks() {
        vm.entered();
        assertThat(wizard.state().profileProperty().get().acceleratorType()).isEqualTo("nvidia-l4");
        vm.select("nvidia-h100-80gb");
        assertThat(wizard.state().profileProperty().get().acceleratorType()).isEqualTo("nvidia-h100-80gb");
    }

    @Test
    void aRowAboveACheaperOneSaysWhyWithTheCoresNote() {
        // the shipped profiles and the real recommendation: with the fitted errors (tens of percent) costs of
        // different accelerators tie, and a better-founded row may stand above a cheaper one. Which model shows it
        // depends on the shipped errors (after the 2026-12-02 refit DeepSeek-7B no longer does): every shipped model
        Wizard real = new Wizard(dev.kiq.ui.service.CoreAdapters.create(new dev.kiq.ui.task.CurrentThreadTaskExecutor(),
                java.util.Optional.empty()));
        boolean outOfCostOrder = false;
        for (String model : real.model().visibleModels().stream()
                .filter(m -> m.origin() == dev.kiq.ui.service.ModelEntry.Origin.OPTIMIZED).map(m -> m.id()).toList()) {
            real.model().select(model);
            var rows = real.accelerator().rows().stream().filter(AcceleratorRow::feasible)
                    .filter(r -> r.cost().isPresent()).toList();
            for (int i = 0; i < rows.size(); i++) {
                double cost = rows.get(i).cost().orElseThrow().perMillionOutputTokens();
                boolean aboveCheaper = rows.subList(i + 1, rows.size()).stream()
                        .anyMatch(r -> r.cost().orElseThrow().perMillionOutputTokens() < cost);
                outOfCostOrder |= aboveCheaper;
                // a row is out of cost order exactly when the core's tie-break moved it, and then it carries the note
                assertThat(rows.get(i).rankNote().isPresent()).as(model + " " + rows.get(i).accelerator())
                        .isEqualTo(aboveCheaper);
                rows.get(i).rankNote().ifPresent(n -> assertThat(n).startsWith("Ranked above "));
            }
            // and the notes are said under the table, each after its row, without pointing at the row
            String shown = real.accelerator().rankNoteProperty().get();
            var noted = real.accelerator().rows().stream().filter(r -> r.rankNote().isPresent()).toList();
            if (noted.isEmpty()) {
                assertThat(shown).as(model).isEmpty();
            }
            for (AcceleratorRow r : noted) {
                assertThat(shown).as(model).contains(r.count() + "x " + r.accelerator() + ": " + r.rankNote().get());
            }
        }
        assertThat(outOfCostOrder).as("the shipped data has a tie-break to show").isTrue();
    }
}
