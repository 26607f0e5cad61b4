package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.accelerator.AcceleratorRow;
import dev.kiq.ui.service.ProfileCatalog;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.task.CurrentThreadTaskExecutor;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 11 defects 12, 13 and 16 as a user meets them: a version change keeps the chosen accelerator or says
 * what changed; a multi-second TTFT is flagged and latency-sensitive serving gets a TTFT target; an impossible
 * target names the lowest value any profile reaches, and on what.
 */
@ExtendWith(ApplicationExtension.class)
class ChoiceChangesTest {

    private Wizard wizard;

    /** The fake 7B on: v0.7.2 L4 and A100; v0.11.0 H100, L4 and A100; v0.19.1 (latest) H100 and a slow L4. */
    @Start
    void start(Stage stage) {
        Profile h100 = FakeServices.profile("nvidia-h100-80gb", 6900, 25, 1);
        Profile l4 = FakeServices.profile("nvidia-l4", 900, 60, 1);
        Profile a100 = FakeServices.profile("nvidia-tesla-a100", 3300, 50, 1);
        List<Profile> profiles = List.of(version(l4, "v0.7.2"), version(a100, "v0.7.2"), version(h100, "v0.11.0"),
                version(l4, "v0.11.0"), version(a100, "v0.11.0"), version(h100, "v0.19.1"),
                version(slowFirstToken(l4), "v0.19.1"));
        Services services = new Services(new ProfileCatalog(Catalog.bundled(), profiles, List.of()),
                Recommendations.standard(Catalog.bundled()), new FakeServices.Manifests(), new FakeServices.FakeModeler(),
                new FakeServices.Deployer(), new CurrentThreadTaskExecutor());
        wizard = new Wizard(services);
        KiqApp.show(stage, wizard);
    }

    private static Profile version(Profile p, String v) {
        return new Profile(new ModelServerInfo(p.modelServerInfo().model(), "vllm", v), p.acceleratorType(),
                p.tpuTopology(), p.instanceType(), p.resourcesUsed(), p.performanceStats(), p.provenance(),
                p.serverConfig(), p.knee());
    }

    /** TTFT 30 times the fake's (3 × NTPOT): 7.6 s at the knee (60 ms × 1.4 × 3 × 30). */
    private static Profile slowFirstToken(Profile p) {
        List<PerformancePoint> pts = p.performanceStats().stream().map(x -> new PerformancePoint(x.queriesPerSecond(),
                x.outputTokensPerSecond(), x.inputTokensPerSecond(), x.ntpotMilliseconds(), x.ttftMilliseconds() * 30,
                x.itlMilliseconds(), x.queueSize(), x.batchSize(), x.kvCacheUsage())).toList();
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(),
                pts, p.provenance(), p.serverConfig(), java.util.Optional.of(pts.get(7)));
    }

    private static String text(FxRobot robot, String id) {
        javafx.scene.Node n = robot.lookup(id).query();
        // the side summary's values are text in a flow, the pages' are labels
        return n instanceof javafx.scene.text.Text t ? t.getText().replace("\u200A", "") : ((Label) n).getText();
    }

    private static boolean shown(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n.isVisible() && n.isManaged();
    }

    private void toAcceleratorStep(FxRobot robot) {
        robot.clickOn(robot.lookup("#model-list .list-cell").nth(0).queryAs(Node.class));
        robot.clickOn("#next");
        robot.clickOn("#next");
        robot.clickOn("#next");
        assertThat(text(robot, "#step-title")).isEqualTo("4. Accelerator");
    }

    private static void chooseVersion(FxRobot robot, String version) {
        robot.clickOn("#version");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(
                (Node n) -> n instanceof javafx.scene.control.ListCell<?> c && version.equals(c.getText())).queryAs(Node.class));
    }

    /** On the Accelerator step of the latest version, the user clicks the H100's row. */
    private void chooseH100(FxRobot robot) {
        toAcceleratorStep(robot);
        TableView<AcceleratorRow> table = robot.lookup("#accelerator-table").queryTableView();
        int h100 = 0;
        while (!table.getItems().get(h100).profile().acceleratorType().equals("nvidia-h100-80gb")) {
            h100++;
        }
        robot.clickOn(robot.lookup(".table-row-cell").nth(h100).queryAs(Node.class));
    }

    @Test
    void aVersionChangeKeepsTheAcceleratorOrSaysWhatChangedAndWhy(FxRobot robot) {
        chooseH100(robot);
        assertThat(text(robot, "#summary-accelerator")).startsWith("1× nvidia-h100-80gb");
        robot.interact(() -> wizard.viewModel().goTo(1));

        // v0.11.0 has an H100 profile: the choice stays, nothing to say
        chooseVersion(robot, "v0.11.0");
        assertThat(text(robot, "#summary-server")).isEqualTo("vllm v0.11.0");
        assertThat(text(robot, "#summary-accelerator")).startsWith("1× nvidia-h100-80gb");
        assertThat(shown(robot, "#choice-notice")).isFalse();

        // v0.7.2 has none: the page says so, naming the accelerator and the versions
        chooseVersion(robot, "v0.7.2");
        assertThat(shown(robot, "#choice-notice")).isTrue();
        assertThat(text(robot, "#choice-notice")).contains("vllm v0.7.2 has no profile for 1× nvidia-h100-80gb")
                .contains("vllm v0.11.0").contains("accelerator changed");
        // and the accelerator page repeats it beside the new preselection, once
        robot.clickOn("#next");
        robot.clickOn("#next");
        assertThat(text(robot, "#summary-accelerator")).doesNotContain("h100");
        assertThat(robot.lookup("#choice-notice").match(Node::isVisible).queryAll()).hasSize(1);
        robot.clickOn("#back");
        assertThat(robot.lookup("#choice-notice").match(Node::isVisible).queryAll()).isEmpty();
    }

    /**
     * Seen in the Xvfb walk: after a version without the chosen accelerator, a second version change left the notice
     * naming the first version (which the page no longer showed) and the accelerator stayed lost on a version that had it.
     */
    @Test
    void aSecondVersionChangeChoosesTheLostAcceleratorAgainOrSaysSoForThatVersion(FxRobot robot) {
        chooseH100(robot);
        robot.interact(() -> wizard.viewModel().goTo(1));

        chooseVersion(robot, "v0.7.2");
        assertThat(text(robot, "#choice-notice")).contains("vllm v0.7.2 has no profile for 1× nvidia-h100-80gb");
        assertThat(text(robot, "#summary-accelerator")).doesNotContain("h100");
        // nothing is chosen yet: the Accelerator step preselects when it is opened (seen in the Xvfb walk: the notice said
        // "the cheapest ... is preselected" beside an accelerator "—")
        assertThat(text(robot, "#choice-notice")).endsWith("choose one on the Accelerator step, which preselects the"
                + " cheapest that meets your targets.");

        // v0.11.0 has an H100 profile: the lost choice comes back, and the notice about v0.7.2 goes
        chooseVersion(robot, "v0.11.0");
        assertThat(text(robot, "#summary-server")).isEqualTo("vllm v0.11.0");
        assertThat(text(robot, "#summary-accelerator")).startsWith("1× nvidia-h100-80gb");
        assertThat(shown(robot, "#choice-notice")).isFalse();

        // v0.7.2 again: the notice names the version shown and the one the choice was made with; v0.19.1 has it again
        chooseVersion(robot, "v0.7.2");
        assertThat(text(robot, "#choice-notice")).contains("vllm v0.7.2 has no profile").contains("on vllm v0.11.0), so");
        chooseVersion(robot, "v0.19.1");
        assertThat(text(robot, "#summary-accelerator")).startsWith("1× nvidia-h100-80gb");
        assertThat(shown(robot, "#choice-notice")).isFalse();
    }

    @Test
    void aMultiSecondTtftIsFlaggedAndLatencySensitiveServingGetsATtftTarget(FxRobot robot) {
        toAcceleratorStep(robot);
        TableView<AcceleratorRow> table = robot.lookup("#accelerator-table").queryTableView();
        AcceleratorRow slow = table.getItems().stream().filter(r -> r.profile().acceleratorType().equals("nvidia-l4"))
                .findFirst().orElseThrow();
        assertThat(slow.feasible()).isTrue();
        // 7.6 s at the knee: the cell, the row's tooltip and a note above the table say so
        @SuppressWarnings("unchecked")
        var ttft = (javafx.scene.control.TableColumn<AcceleratorRow, String>) table.getColumns().stream()
                .filter(c -> "column-ttft-ms".equals(c.getId())).findFirst().orElseThrow();
        assertThat(ttft.getCellData(slow)).isEqualTo("⚠ 7,560");
        assertThat(shown(robot, "#ttft-note")).isTrue();
        assertThat(text(robot, "#ttft-note")).contains("1x nvidia-l4 (vllm v0.19.1) 7.6 s").contains("450 ms")
                .doesNotContain("h100");

        robot.clickOn("#back");
        robot.clickOn("#latency-sensitive");
        assertThat(robot.lookup("#target-ttft").queryTextInputControl().getText()).isEqualTo("450");
        assertThat(text(robot, "#ttft-hint")).contains("MLPerf");
        robot.clickOn("#next");
        // under 450 ms the L4 cannot serve; the H100 that can shows no warning
        assertThat(table.getItems().stream().filter(AcceleratorRow::feasible).map(r -> r.profile().acceleratorType()))
                .containsExactly("nvidia-h100-80gb");
        assertThat(table.getItems().stream().filter(AcceleratorRow::feasible).filter(r -> r.ttftWarning().isPresent()))
                .isEmpty();
        assertThat(shown(robot, "#ttft-note")).isFalse();

        // back to throughput-sensitive: the target the wizard filled in goes again
        robot.clickOn("#back");
        robot.clickOn("#throughput-sensitive");
        assertThat(robot.lookup("#target-ttft").queryTextInputControl().getText()).isEmpty();
        assertThat(shown(robot, "#ttft-hint")).isFalse();
    }

    @Test
    void anImpossibleTargetNamesTheLowestAnyProfileReachesAndOnWhat(FxRobot robot) {
        robot.clickOn(robot.lookup("#model-list .list-cell").nth(0).queryAs(Node.class));
        robot.clickOn("#next");
        robot.clickOn("#next");
        robot.clickOn("#target-ntpot").write("5");
        robot.clickOn("#next");
        assertThat(shown(robot, "#none-meets")).isTrue();
        // the H100's first point: 25 ms × 1.05 = 26.25 ms, the lowest of every profile of v0.19.1
        assertThat(text(robot, "#none-meets")).isEqualTo("No accelerator meets your targets: target NTPOT 5 ms is below"
                + " the lowest NTPOT any profile reaches: 26.3 ms on 1x nvidia-h100-80gb (vllm v0.19.1); choose 26.3 ms or more.");
        robot.clickOn("#back");
        robot.lookup("#target-ntpot").queryTextInputControl();
        robot.interact(() -> robot.lookup("#target-ntpot").queryTextInputControl().setText("40"));
        robot.clickOn("#next");
        assertThat(shown(robot, "#none-meets")).isFalse();
    }
}
