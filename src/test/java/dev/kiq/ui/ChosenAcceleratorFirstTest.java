package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.Profile;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.ui.accelerator.AcceleratorRow;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.service.Modeler;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.task.UiTaskExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 12's wizard speed as a user meets it: a new workload's profile for the chosen accelerator (the chart's) is
 * modeled first and shown while the other accelerators are still being modeled; the accelerator table fills in,
 * the rows not yet modeled say so, and nothing is ranked, preselected or ruled out from the partial set. The other
 * accelerators are held back by a gate the test opens, so "before the others finish" is certain, not a race.
 */
@ExtendWith(ApplicationExtension.class)
class ChosenAcceleratorFirstTest {

    private static final String H100 = "nvidia-h100-80gb";
    /** profiles/catalog/use-cases.yaml: summarization means 2588 input / 291 output tokens. */
    private static final WorkloadShape SUMMARIZATION = new WorkloadShape("summarization", 2588, 291);

    private static final String L4 = "nvidia-l4";
    private static final String A100 = "nvidia-tesla-a100";

    private final UiTaskExecutor executor = new UiTaskExecutor(2, Duration.ofMillis(20));
    private GatedModeler modeler;
    private Wizard wizard;

    @AfterEach
    void stop() {
        if (modeler != null) {
            modeler.open();
        }
        executor.shutdown();
    }

    /** The wizard on the fake 7B (H100, L4, 3× A100), {@code accelerator} chosen (or none), on the Workload step. */
    private void open(String accelerator, GatedModeler gated) throws Exception {
        modeler = gated;
        Services services = new Services(FakeServices.catalog(List.of()), Recommendations.standard(Catalog.bundled()),
                new FakeServices.Manifests(), modeler, new FakeServices.Deployer(), executor);
        FxToolkit.setupStage(stage -> {
            wizard = new Wizard(services);
            KiqApp.show(stage, wizard);
            // the smallest window the wizard is made for: the notes of a partial set must not crowd the pages
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        FxToolkit.setupFixture(() -> {
            wizard.model().select(FakeServices.MODEL);
            if (accelerator != null) {
                wizard.viewModel().goTo(3);
                wizard.accelerator().select(accelerator);
                wizard.viewModel().goTo(4); // the chart is built
            }
            wizard.viewModel().goTo(2);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void chooseSummarization(FxRobot robot) {
        robot.clickOn("#use-case").clickOn("Summarization");
    }

    private static boolean shown(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n.isVisible() && n.isManaged();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** The side summary's Recommendation. */
    private static String summary(FxRobot robot) {
        return robot.lookup("#summary-recommendation").queryAs(javafx.scene.text.Text.class).getText().replace("\u200A", "");
    }

    /** What the table's first column says of each row: the accelerator, its machine and where the figures come from. */
    private static List<String> acceleratorColumn(FxRobot robot) {
        TableView<AcceleratorRow> table = robot.lookup("#accelerator-table").queryTableView();
        @SuppressWarnings("unchecked")
        TableColumn<AcceleratorRow, String> first = (TableColumn<AcceleratorRow, String>) table.getColumns().get(0);
        return table.getItems().stream().map(r -> first.getCellObservableValue(r).getValue()).toList();
    }

    /** The largest throughput of the plotted "before the knee" series: where the chart's knee is. */
    private double plottedKnee() {
        XYDataset curve = ((PerformanceStepView) wizard.view().page(4)).chart().chart().getXYPlot().getDataset(0);
        double max = 0;
        for (int i = 0; i < curve.getItemCount(0); i++) {
            max = Math.max(max, curve.getXValue(0, i));
        }
        return max;
    }

    /** What a person would see cut, squashed or clipped in the window ({@link Layout}). */
    private static List<String> layoutProblems(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> problems = new java.util.ArrayList<>();
        Node root = robot.lookup("#step-title").query().getScene().getRoot();
        Fx.run(() -> Layout.check(root, problems));
        return problems;
    }

    private Profile chosen() {
        return wizard.state().profileProperty().get();
    }

    @Test
    void theChosenAcceleratorsCurveIsShownBeforeTheOthersAreModeledAndNothingIsRankedMeanwhile(FxRobot robot)
            throws Exception {
        open(H100, new GatedModeler(Set.of(L4, A100)));
        double chatKnee = plottedKnee();

        chooseSummarization(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> chosen().provenance().workloadShape().equals(SUMMARIZATION));
        WaitForAsyncUtils.waitForFxEvents();

        // the chosen one went first and alone; the others are held at the gate, so still being modeled
        assertThat(modeler.started).first().isEqualTo(H100);
        assertThat(modeler.finished).containsExactly(H100);
        assertThat(modeler.startedBeforeFirstFinished).isEqualTo(1);
        assertThat(chosen().acceleratorType()).isEqualTo(H100);
        assertThat(wizard.workload().modelingProperty().get()).isTrue();
        assertThat(wizard.workload().complete().get()).as("the step is complete once the chart has its curve").isTrue();
        assertThat(text(robot, "#workload-status")).contains("1× nvidia-h100-80gb done (1 of 3)");
        assertThat(shown(robot, "#workload-progress")).isTrue();

        robot.interact(() -> wizard.viewModel().goTo(4));
        // the curve is the workload's: the fake divides throughput by the length ratio ((2588+291)/(226+195) = 6.8)
        assertThat(plottedKnee()).isEqualTo(wizard.state().analysis().orElseThrow().knee().orElseThrow().outputTokensPerSecond())
                .isLessThan(chatKnee / 6);
        assertThat(text(robot, "#chart-title")).contains("1× nvidia-h100-80gb", "Summarization");
        assertThat(text(robot, "#chart-modeling-note")).contains("being modeled", "1 of 3 done");
        assertThat(shown(robot, "#chart-modeling-note")).isTrue();
        assertThat(layoutProblems(robot)).as("the Performance page at 1024x700 while the others are modeled").isEmpty();

        robot.interact(() -> wizard.viewModel().goTo(3));
        // the table fills in: the chosen row with its figures, the others saying they are being modeled, unranked
        assertThat(acceleratorColumn(robot)).containsExactly(
                "1× nvidia-h100-80gb\nmachine-for-nvidia-h100-80gb",
                "1× nvidia-l4\nmachine-for-nvidia-l4",
                "3× nvidia-tesla-a100\nmachine-for-nvidia-tesla-a100");
        assertThat(wizard.accelerator().rows()).noneMatch(r -> r.rankNote().isPresent());
        assertThat(wizard.accelerator().rows()).filteredOn(r -> !r.modeled())
                .allSatisfy(r -> assertThat(r.point()).isEmpty())
                .allSatisfy(r -> assertThat(r.accuracy()).isEqualTo("modeling…"));
        assertThat(text(robot, "#modeling-note")).contains("1 of 3 accelerators done", "not sorted yet");
        assertThat(shown(robot, "#modeling-note")).isTrue();
        assertThat(robot.lookup(".label").queryAllAs(Label.class)).filteredOn(Node::isVisible)
                .noneMatch(l -> l.getText() != null && l.getText().contains("sorted by fit"));

        // a target the chosen accelerator misses: "no accelerator meets it" would be a claim about the others too
        robot.interact(() -> wizard.state().workloadProperty().set(wizard.state().workloadProperty().get()
                .withTarget(LatencyMetric.NTPOT, Optional.of(20.0))));
        assertThat(wizard.accelerator().rows()).noneMatch(AcceleratorRow::feasible);
        assertThat(wizard.accelerator().noneMeetsProperty().get()).isEmpty();
        assertThat(shown(robot, "#none-meets")).isFalse();
        robot.interact(() -> wizard.state().workloadProperty().set(wizard.state().workloadProperty().get()
                .withTarget(LatencyMetric.NTPOT, Optional.empty())));

        modeler.open();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !wizard.workload().modelingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        // all done: the core's order, the hint back, the note gone; the chosen accelerator stayed chosen
        assertThat(wizard.accelerator().rows()).extracting(AcceleratorRow::profile).containsExactlyElementsOf(
                Recommendations.standard(Catalog.bundled()).options(wizard.state().profiles(),
                        wizard.state().workloadProperty().get()).stream().map(o -> o.profile()).toList());
        assertThat(wizard.accelerator().rows()).hasSize(3).allMatch(AcceleratorRow::modeled);
        assertThat(shown(robot, "#modeling-note")).isFalse();
        assertThat(chosen().acceleratorType()).isEqualTo(H100);
        assertThat(wizard.workload().statusProperty().get()).contains("are ready");
    }

    @Test
    void untilTheChosenAcceleratorsProfileIsModeledTheStepWaitsAndTheSummaryShowsNoEarlierFigures(FxRobot robot)
            throws Exception {
        open(H100, new GatedModeler(Set.of(H100, L4, A100)));
        String chat = summary(robot);
        assertThat(chat).contains("output tok/s");

        chooseSummarization(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> modeler.started.contains(H100));
        WaitForAsyncUtils.waitForFxEvents();
        // the chosen profile is still chat's: its figures are not the workload's
        assertThat(chosen().provenance().workloadShape()).isEqualTo(WorkloadShape.CHATBOT);
        assertThat(summary(robot)).isEqualTo("being modeled for this workload…");
        assertThat(wizard.workload().complete().get()).isFalse();
        assertThat(robot.lookup("#next").queryButton().isDisabled()).isTrue();

        modeler.open();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !wizard.workload().modelingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(summary(robot)).contains("output tok/s").isNotEqualTo(chat);
        assertThat(robot.lookup("#next").queryButton().isDisabled()).isFalse();
    }

    @Test
    void withNoAcceleratorChosenTheBestFitIsPreselectedOnlyOnceEveryAcceleratorIsModeled(FxRobot robot)
            throws Exception {
        open(null, new GatedModeler(Set.of(A100)));
        chooseSummarization(robot);
        // no chosen accelerator: all start side by side; the H100 and the L4 are shown as they are done
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> wizard.state().profiles().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.workload().complete().get()).isTrue();

        robot.clickOn("#next");
        assertThat(text(robot, "#step-title")).isEqualTo("4. Accelerator");
        // in the configurations' order the H100 (feasible, no targets) comes first, but it is not the best fit
        assertThat(wizard.accelerator().rows().get(0).accelerator()).isEqualTo(H100);
        assertThat(wizard.accelerator().rows().get(0).feasible()).isTrue();
        assertThat(chosen()).as("no best fit is picked from 2 of 3").isNull();
        assertThat(text(robot, "#modeling-note")).contains("2 of 3");

        modeler.open();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !wizard.workload().modelingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        // the page was open when the last one arrived: the core's best fit is preselected, as on entering the page.
        // Cheapest per output token: one L4 at $0.71/h for 900 tok/s beats one H100 at $11.06/h for 6900 tok/s (both
        // divided by the same length ratio); the 3× A100 has no price
        assertThat(chosen()).isNotNull().isSameAs(wizard.accelerator().rows().get(0).profile());
        assertThat(chosen().acceleratorType()).isEqualTo(L4);
        assertThat(chosen().provenance().workloadShape()).isEqualTo(SUMMARIZATION);
    }

    @Test
    void cancellingWhileTheOthersAreModeledGoesBackToTheCompleteChatProfiles(FxRobot robot) throws Exception {
        open(H100, new GatedModeler(Set.of(L4, A100)));
        List<Profile> chat = List.copyOf(wizard.state().profiles());
        Profile chatH100 = chosen();

        chooseSummarization(robot);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> chosen().provenance().workloadShape().equals(SUMMARIZATION));
        robot.clickOn("#cancel-workload-modeling");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(wizard.workload().modelingProperty().get()).isFalse();
        assertThat(wizard.state().pendingProfiles()).isEmpty();
        assertThat(wizard.state().profiles()).containsExactlyElementsOf(chat);
        assertThat(chosen()).isSameAs(chatH100);
        assertThat(wizard.workload().useCaseProperty().get()).isEqualTo("chatbot");
        assertThat(text(robot, "#workload-status")).startsWith("Modeling cancelled").contains("Chatbot (ShareGPT)");

        // the ones held at the gate finish later: their answers no longer change anything
        modeler.open();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> modeler.ended.size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.state().profiles()).containsExactlyElementsOf(chat);
        assertThat(wizard.state().pendingProfiles()).isEmpty();
    }

    /**
     * The fake modeler, with some accelerators held until {@link #open()}; records the order in which the
     * configurations start and finish.
     */
    private static final class GatedModeler implements Modeler {
        private final FakeServices.FakeModeler fake = new FakeServices.FakeModeler();
        private final Set<String> held;
        private final CountDownLatch gate = new CountDownLatch(1);
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> finished = new CopyOnWriteArrayList<>();
        /** Finished, or stopped by a cancel. */
        final List<String> ended = new CopyOnWriteArrayList<>();
        /** How many configurations had started when the first one finished. */
        volatile int startedBeforeFirstFinished;

        GatedModeler(Set<String> held) {
            this.held = held;
        }

        void open() {
            gate.countDown();
        }

        @Override
        public Optional<Profile> forWorkload(List<Profile> configuration, WorkloadChoice choice) {
            String accelerator = configuration.get(0).acceleratorType();
            started.add(accelerator);
            try {
                if (held.contains(accelerator) && !gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                Optional<Profile> p = FakeServices.forWorkloadByLength(configuration, choice);
                synchronized (this) {
                    if (finished.isEmpty()) {
                        startedBeforeFirstFinished = started.size();
                    }
                    finished.add(accelerator);
                }
                return p;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("cancelled", e);
            } finally {
                ended.add(accelerator);
            }
        }

        @Override
        public ModelArchitecture read(Path configJson, String id) {
            return fake.read(configJson, id);
        }

        @Override
        public Optional<String> suggestedId(Path configJson) {
            return fake.suggestedId(configJson);
        }

        @Override
        public List<String> accelerators() {
            return fake.accelerators();
        }

        @Override
        public Profile simulate(ModelArchitecture model, String accelerator) {
            return fake.simulate(model, accelerator);
        }
    }
}
