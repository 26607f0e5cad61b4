package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough's layout checks ({@link Layout}) find each defect they claim to, on small layouts made bad on
 * purpose, and pass the same layouts mended: without this a check that can never fail would pass every step.
 */
class LayoutTest {

    private static final String LONG = "Multi-agent large document summarization: mean 8192 input / 512 output tokens. "
            + "No public per-request trace was found; a document too large for one context is split into chunks.";

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @Test
    void aWrappedTextSqueezedToOneLineIsCut() {
        assertThat(problems(wrappedInShortPage(false), 400, 50)).anySatisfy(p -> assertThat(p).startsWith("cut: '"
                + LONG.substring(0, 20)));
        assertThat(problems(wrappedInShortPage(true), 400, 50)).isEmpty();
    }

    /**
     * A page taller than its window, once its text wraps at the window's width, shows a scroll bar: fitted to the
     * window's height it scrolled with the wheel and showed none, and its last lines looked cut off (the Performance
     * page's verdict and hint at 1024x700, Xvfb walk). The wizard's page scroll shows it.
     */
    @Test
    void aPageTallerThanItsWindowOnceWrappedShowsAScrollBar() {
        assertThat(problems(fittedToHeight(tallPage(6)), 400, 150)).anySatisfy(p -> assertThat(p).startsWith("hidden: "));
        assertThat(problems(dev.kiq.ui.wizard.WizardView.pageScroll(tallPage(6)), 400, 150)).isEmpty();
        // and a page that fits fills the window, without a bar
        ScrollPane fits = dev.kiq.ui.wizard.WizardView.pageScroll(tallPage(1));
        assertThat(problems(fits, 400, 400)).isEmpty();
        assertThat(Fx.call(() -> fits.getContent().getLayoutBounds().getHeight())).isCloseTo(400, within(1.0));
    }

    @Test
    void aRowWiderThanTheWindowIsClipped() {
        Button keep = new Button("Keep my edits");
        Button wide = new Button("Regenerate (discard my edits)");
        keep.setMinWidth(Region.USE_PREF_SIZE);
        wide.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, keep, wide);
        assertThat(problems(new VBox(row), 250, 100)).anySatisfy(p -> assertThat(p).startsWith("clipped: HBox"));
        assertThat(problems(new VBox(row), 400, 100)).isEmpty();
    }

    @Test
    void aNarrowColumnCutsItsHeader() {
        TableView<String> table = new TableView<>();
        TableColumn<String, String> column = new TableColumn<>("$/M output");
        column.setPrefWidth(40);
        table.getColumns().add(column);
        assertThat(problems(new VBox(table), 400, 200)).anySatisfy(p -> assertThat(p).startsWith("cut: '$/M output'"));
        column.setPrefWidth(120);
        assertThat(problems(new VBox(table), 400, 200)).isEmpty();
    }

    @Test
    void aTableWiderThanItsWindowScrollsSideways() {
        assertThat(sideways(400)).anySatisfy(p -> assertThat(p).startsWith("sideways: column 'Why not'"));
        assertThat(sideways(700)).isEmpty();
    }

    private static List<String> sideways(double width) {
        return Fx.call(() -> {
            TableView<String> table = new TableView<>();
            table.getItems().add("row");
            for (String name : List.of("Accelerator", "Accuracy", "Why not")) {
                TableColumn<String, String> c = new TableColumn<>(name);
                c.setMinWidth(200);
                table.getColumns().add(c);
            }
            Stage stage = new Stage();
            stage.setScene(new Scene(new VBox(table), width, 200));
            stage.show();
            table.applyCss();
            table.layout();
            List<String> found = Layout.scrollsSideways(table);
            stage.close();
            return found;
        });
    }

    /** A page in the wizard's page scroll (fitted to the window), its text keeping its height or not. */
    private static Parent wrappedInShortPage(boolean keepsItsHeight) {
        VBox page = tallPage(1);
        if (!keepsItsHeight) {
            ((Label) page.getChildren().get(1)).setMinHeight(Region.USE_COMPUTED_SIZE);
        }
        return dev.kiq.ui.wizard.WizardView.pageScroll(page);
    }

    /** A page in a scroll pane fitted to the window's width and height, as the wizard's pages were until 2026-12-02. */
    private static Parent fittedToHeight(VBox page) {
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        return scroll;
    }

    /** A heading and a text of the given number of long sentences that wraps and keeps its height. */
    private static VBox tallPage(int paragraphs) {
        Label text = new Label((LONG + " ").repeat(paragraphs).trim());
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        return new VBox(8, new Label("Use case"), text);
    }

    private static List<String> problems(Parent root, double width, double height) {
        return Fx.call(() -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(root, width, height));
            stage.show();
            root.applyCss();
            root.layout();
            List<String> found = new ArrayList<>();
            Layout.check(root, found);
            stage.close();
            return found;
        });
    }
}
