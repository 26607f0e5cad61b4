package dev.kiq.ui.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Profile;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Wizard;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WorkloadStepViewModelTest {

    private final dev.kiq.ui.service.Services services = FakeServices.create();
    private final Wizard wizard = new Wizard(services);
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
        assertThat(vm.errorProperty().get()).contains("Target NTPOT p50 (ms) must be a positive number").contains("'-3'");
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
        assertThat(vm.errorProperty().get()).startsWith("Input tokens (mean) must be a whole number");
    }

    @Test
    void aUseCaseFillsItsMeanLengthsAndItsProfilesReplaceChatsForEveryAccelerator() {
        wizard.model().select(FakeServices.MODEL);
        List<Profile> chat = List.copyOf(wizard.state().profiles());
        assertThat(chat).hasSize(3);
        var modeler = (FakeServices.FakeModeler) services.modeler();

        vm.useCaseProperty().set("summarization");

        // profiles/catalog/use-cases.yaml: summarization input mean 2588, output mean 291
        assertThat(vm.inputTokensProperty().get()).isEqualTo("2588");
        assertThat(vm.outputTokensProperty().get()).isEqualTo("291");
        assertThat(wizard.state().profiles()).hasSize(3).allSatisfy(p -> assertThat(p.provenance().workloadShape())
                .isEqualTo(new WorkloadShape("summarization", 2588, 291)));
        assertThat(modeler.modeledFor).hasSize(3);
        assertThat(vm.modelingProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.statusProperty().get()).contains("Summarization (mean 2588 input / 291 output tokens)");
        assertThat(vm.complete().get()).isTrue();
    }

    /**
     * An accelerator that cannot serve the workload is named in the status with the model's reason: the status gave
     * only "1 accelerator could not be modeled for it and is left out", and the table simply lacked a row (Xvfb walk
     * 1024x700: Mixtral-8x22B, RAG, 8x A100 40GB, whose memory leaves an 8192-token context).
     */
    @Test
    void anAcceleratorLeftOutIsNamedWithItsReason() {
        var modeler = (FakeServices.FakeModeler) services.modeler();
        modeler.refused.put("nvidia-l4", "The workload's mean lengths exceed the context; valid: at most 2048.");
        wizard.model().select(FakeServices.MODEL);

        vm.useCaseProperty().set("summarization");

        assertThat(wizard.state().profiles()).extracting(Profile::acceleratorType)
                .containsExactlyInAnyOrder("nvidia-h100-80gb", "nvidia-tesla-a100");
        assertThat(vm.statusProperty().get()).isEqualTo("Profiles for Summarization (mean 2588 input / 291 output tokens)"
                + " are ready; 1 accelerator could not be modeled for it and is left out.\n1× nvidia-l4: The workload's mean"
                + " lengths exceed the context; valid: at most 2048.");
        assertThat(vm.complete().get()).isTrue();
    }

    @Test
    void backToChatUsesTheShippedProfilesWithoutModeling() {
        wizard.model().select(FakeServices.MODEL);
        List<Profile> chat = List.copyOf(wizard.state().profiles());
        var modeler = (FakeServices.FakeModeler) services.modeler();
        vm.useCaseProperty().set("code-generation");
        int modeled = modeler.modeledFor.size();

        vm.useCaseProperty().set("chatbot");

        assertThat(wizard.state().profiles()).containsExactlyElementsOf(chat);
        assertThat(modeler.modeledFor).hasSize(modeled);
        assertThat(vm.modelingProperty().get()).isFalse();
    }

    @Test
    void lengthsOfTheirOwnAreModeledForThem() {
        wizard.model().select(FakeServices.MODEL);
        vm.inputTokensProperty().set("1000");
        vm.outputTokensProperty().set("100");
        assertThat(wizard.state().profiles()).allSatisfy(p -> assertThat(p.provenance().workloadShape())
                .isEqualTo(new WorkloadShape("chatbot", 1000, 100)));
    }

    @Test
    void whileModelingTheStepIsNotCompleteAndCancelGoesBackToTheShownWorkload() {
        HeldTasks held = new HeldTasks();
        Wizard w = new Wizard(FakeServices.create(List.of(), held));
        WorkloadStepViewModel step = w.workload();
        w.model().select(FakeServices.MODEL);
        List<Profile> chat = List.copyOf(w.state().profiles());

        step.useCaseProperty().set("summarization");

        assertThat(held.started).isEqualTo(1);
        assertThat(step.modelingProperty().get()).isTrue();
        assertThat(step.complete().get()).isFalse();
        assertThat(w.state().profiles()).containsExactlyElementsOf(chat);

        step.cancelModeling();

        assertThat(held.cancelled).isEqualTo(1);
        assertThat(step.modelingProperty().get()).isFalse();
        assertThat(step.complete().get()).isTrue();
        assertThat(step.useCaseProperty().get()).isEqualTo("chatbot");
        assertThat(step.inputTokensProperty().get()).isEqualTo("226");
        assertThat(w.state().workloadProperty().get().choice().isDefault()).isTrue();
        assertThat(step.statusProperty().get()).startsWith("Modeling cancelled").contains("Chatbot (ShareGPT)");
        assertThat(held.started).isEqualTo(1);
    }

    @Test
    void aChosenUseCaseIsModeledAtOnceAndTypedLengthsAfterThePauseForTyping() {
        HeldTasks held = new HeldTasks();
        held.holdDebounced = true;
        Wizard w = new Wizard(FakeServices.create(List.of(), held));
        WorkloadStepViewModel step = w.workload();
        w.model().select(FakeServices.MODEL);

        step.useCaseProperty().set("summarization");
        assertThat(held.started).as("no typing to wait for").isEqualTo(1);

        step.inputTokensProperty().set("3000");
        assertThat(held.started).as("waits for the typing to end").isEqualTo(1);
        assertThat(step.modelingProperty().get()).isTrue();
    }

    @Test
    void anUnknownUseCaseIsAnErrorNamingTheValidOnes() {
        vm.useCaseProperty().set("sumarization");
        assertThat(vm.errorProperty().get()).contains("summarization");
        assertThat(vm.complete().get()).isFalse();
    }

    /** Starts nothing: the work stays pending until cancelled, as a long modeling would. */
    private static final class HeldTasks implements TaskExecutor {
        int started;
        int cancelled;
        /** When set, a debounced action never runs: the pause for typing never ends. */
        boolean holdDebounced;

        @Override
        public <V> TaskHandle execute(BackgroundTask<V> task) {
            started++;
            return new TaskHandle() {
                private boolean done;

                @Override
                public void cancel() {
                    if (!done) {
                        done = true;
                        cancelled++;
                    }
                }

                @Override
                public boolean isCancelled() {
                    return done;
                }
            };
        }

        @Override
        public <T> Consumer<T> onUiThread(Consumer<T> sink) {
            return sink;
        }

        @Override
        public Runnable debounced(Runnable action) {
            return () -> {
                if (!holdDebounced) {
                    action.run();
                }
            };
        }

        @Override
        public void shutdown() {
        }
    }
}
