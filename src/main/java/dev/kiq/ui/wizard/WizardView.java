package dev.kiq.ui.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The frame: step list and summary on the left, the current page in the middle, Back/Next below.
 * Pages are built once, on first visit, and kept, so what the user typed survives going back and forth.
 * Each page sits in a scroll pane: it fills the window, and scrolls instead of squashing its controls when
 * the window is smaller than the page's minimum size (down to 1024×700 and below).
 * Keys: Alt+B / Alt+N (mnemonics), Ctrl+Page Up / Ctrl+Page Down, the step list, and Enter for Next
 * wherever the focused control has no use for Enter itself. A shown page focuses its main control.
 */
public final class WizardView extends BorderPane {

    /** Height of a line of the step list: its 14 px text and a little air. */
    private static final double STEP_HEIGHT = 30;
    /**
     * Width of the step list and summary: 20 px less than it was, so that at 1024 px the accelerator table's
     * figures and its Accuracy column fit beside it without a sideways scroll bar.
     */
    static final double SIDE_WIDTH = 220;

    private final WizardViewModel viewModel;
    private final List<Supplier<Node>> pageFactories;
    private final List<Node> pages = new ArrayList<>();
    private final List<ScrollPane> scrolls = new ArrayList<>();
    private final StackPane pageHolder = new StackPane();
    private final ListView<StepViewModel> stepList = new ListView<>();
    private final Button back = new Button("_Back");
    private final Button next = new Button("_Next");
    private final HBox toolbar = new HBox(8);
    private boolean syncingList;

    public WizardView(WizardViewModel viewModel, List<Supplier<Node>> pageFactories) {
        this.viewModel = viewModel;
        this.pageFactories = List.copyOf(pageFactories);
        pageFactories.forEach(f -> {
            pages.add(null);
            scrolls.add(null);
        });
        getStyleClass().add("kiq-wizard");

        Label title = new Label();
        title.setId("step-title");
        title.getStyleClass().add("title-3");
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> (viewModel.currentProperty().get() + 1) + ". " + viewModel.currentStep().title(),
                viewModel.currentProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, toolbar);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 16, 10, 16));
        setTop(header);

        stepList.setId("step-list");
        stepList.getItems().setAll(viewModel.steps());
        stepList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(StepViewModel step, boolean empty) {
                super.updateItem(step, empty);
                setText(empty || step == null ? null : (getIndex() + 1) + ". " + step.title());
                disableProperty().unbind();
                if (empty || step == null) {
                    setDisable(false);
                } else {
                    disableProperty().bind(viewModel.reachable(getIndex()).not());
                }
            }
        });
        stepList.setFixedCellSize(STEP_HEIGHT);
        stepList.setPrefHeight(viewModel.steps().size() * STEP_HEIGHT + 4);
        stepList.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        stepList.setFocusTraversable(false);
        stepList.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!syncingList && i.intValue() >= 0 && i.intValue() != viewModel.currentProperty().get()) {
                viewModel.goTo(i.intValue());
                selectCurrentInList();
            }
        });
        VBox summary = new VBox(6,
                idLine("Model", viewModel.modelSummary(), "summary-model"),
                summaryLine("Server", viewModel.serverSummary(), "summary-server"),
                summaryLine("Workload", viewModel.workloadSummary(), "summary-workload"),
                summaryLine("Accelerator", viewModel.acceleratorSummary(), "summary-accelerator"),
                recommendationLine());
        Label summaryTitle = new Label("Your choices");
        summaryTitle.getStyleClass().add("title-4");
        // only the summary scrolls when it is taller than the window: with the step list inside the scroll pane, the
        // vertical scroll bar took the list's width and the list cut "2. Model server & version" and scrolled sideways
        // (seen at 1024x700 with a long "no recommendation" reason)
        summary.setPadding(new Insets(0, 4, 12, 0));
        ScrollPane summaryScroll = new ScrollPane(summary);
        summaryScroll.setId("summary-scroll");
        summaryScroll.setFitToWidth(true);
        summaryScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        summaryScroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(summaryScroll, Priority.ALWAYS);
        VBox left = new VBox(10, stepList, summaryTitle, summaryScroll);
        left.setPadding(new Insets(0, 8, 12, 16));
        left.setPrefWidth(SIDE_WIDTH);
        left.setMinWidth(SIDE_WIDTH);
        left.setMaxWidth(SIDE_WIDTH);
        setLeft(left);

        pageHolder.setPadding(new Insets(0, 16, 0, 8));

        back.setId("back");
        next.setId("next");
        back.disableProperty().bind(viewModel.canGoBackProperty().not());
        next.disableProperty().bind(viewModel.canGoNextProperty().not());
        back.setOnAction(e -> viewModel.back());
        next.setOnAction(e -> viewModel.next());
        next.getStyleClass().add("accent");
        // Enter goes on wherever the focused control does not use it (the YAML editor, an open list, a button)
        next.setDefaultButton(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox nav = new HBox(8, gap, back, next);
        nav.setPadding(new Insets(10, 16, 12, 8));
        // Back and Next under the page only: across the whole window they took the height of the side summary's last
        // lines, and with the recommendation's accuracy the summary needed scrolling at 1024x700
        VBox.setVgrow(pageHolder, Priority.ALWAYS);
        setCenter(new VBox(pageHolder, nav));

        viewModel.currentProperty().addListener((o, a, i) -> showPage(i.intValue()));
        showPage(viewModel.currentProperty().get());

        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                javafx.application.Platform.runLater(() -> focusMainControl(viewModel.currentProperty().get()));
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN),
                        viewModel::next);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN),
                        viewModel::back);
            }
        });
    }

    /** Extra buttons in the header (theme, about). */
    public HBox toolbar() {
        return toolbar;
    }

    /** The page of a step, building it if it was never shown. */
    public Node page(int index) {
        if (pages.get(index) == null) {
            pages.set(index, pageFactories.get(index).get());
        }
        return pages.get(index);
    }

    /** The scroll pane around a step's page (for tests of the layout). */
    public ScrollPane scroller(int index) {
        page(index);
        return scrolls.get(index);
    }

    private void showPage(int index) {
        page(index);
        if (scrolls.get(index) == null) {
            ScrollPane scroll = pageScroll(pages.get(index));
            scroll.setId("page-scroll-" + index);
            scrolls.set(index, scroll);
        }
        pageHolder.getChildren().setAll(scrolls.get(index));
        scrolls.get(index).setVvalue(0);
        selectCurrentInList();
        focusMainControl(index);
        // Alt+N and Alt+B focus their button once it has fired, which took the focus from the page's control (Xvfb
        // walk: the accelerator table unfocused after Alt+N, focused after Enter): focus it again after the key
        javafx.application.Platform.runLater(() -> focusMainControl(index));
    }

    /**
     * A scroll pane that fits its page to the window's width, fills the window's height with it, and shows a vertical
     * scroll bar whenever the page, laid out at that width, is taller than the window. Not by {@code fitToHeight}:
     * the scroll pane's skin then shows the bar only when the page's minimum height at no particular width (every
     * wrapped text on one line) exceeds the window, while it lays the page out at its minimum height for the window's
     * width, wrapped texts taller; between the two the page scrolled with the wheel and showed no bar, the
     * Performance page's verdict and hint cut off at the window's edge (Xvfb walk 1024x700, Mixtral-8x22B, RAG,
     * NTPOT 60 ms). Instead the page prefers the window's height, and the skin sizes it at least to its minimum
     * height for its width, showing the bar when that is taller.
     */
    public static ScrollPane pageScroll(Node page) {
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        if (page instanceof Region r) {
            r.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                    () -> scroll.getViewportBounds().getHeight(), scroll.viewportBoundsProperty()));
        } else {
            scroll.setFitToHeight(true);
        }
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    private void focusMainControl(int index) {
        if (getScene() == null || index != viewModel.currentProperty().get()) {
            return;
        }
        // the page is the scroll pane's content, which joins the scene with the scroll pane's skin
        scrolls.get(index).applyCss();
        Node page = pages.get(index);
        Optional<Node> main = page instanceof StepPage p ? p.mainControl() : firstFocusable(page);
        main.ifPresent(Node::requestFocus);
    }

    private static Optional<Node> firstFocusable(Node node) {
        if (node.isFocusTraversable() && !node.isDisabled() && node.isVisible()) {
            return Optional.of(node);
        }
        if (node instanceof javafx.scene.Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                Optional<Node> found = firstFocusable(child);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private void selectCurrentInList() {
        syncingList = true;
        try {
            stepList.getSelectionModel().select(viewModel.currentProperty().get());
        } finally {
            syncingList = false;
        }
    }

    /**
     * "Name: value" in one flow of text: the name on a line of its own made the summary too tall for a 700 px
     * window, and the Recommendation, last, needed scrolling (seen in the Xvfb walk at 1024x700).
     */
    /**
     * The text with a hair space (U+200A) after each {@code /} and {@code -}: a model id has no spaces, and without a
     * place to break it the summary cut it inside a word ("Llama-3.2-1B-I" / "nstruct"). Not a zero-width space: JavaFX
     * breaks Latin text only after a character {@link Character#isWhitespace} calls white space, which U+200B is not,
     * so with it the id was still cut ("mistralai/Mixtral-8x22B-Ins" / "truct-v0.1", Xvfb walk 1440x900). A hair space
     * is about a pixel wide.
     */
    static String breakable(String text) {
        return text == null ? null : text.replace("/", "/\u200A").replace("-", "-\u200A");
    }

    /**
     * The Recommendation, its figures followed by what they rest on and the curve's error ("(validated, ±11%)"): they
     * were shown bare, as if certain, beside a table and a chart that show both (Xvfb walk). In the same line, as a
     * separate "Accuracy" entry made the summary scroll at 1024x700. The core's whole sentence, with every metric's
     * error, on hover.
     */
    private Node recommendationLine() {
        TextFlow line = (TextFlow) summaryLine("Recommendation", viewModel.operatingPointSummary(), "summary-recommendation");
        Text accuracy = new Text();
        accuracy.setId("summary-accuracy");
        accuracy.getStyleClass().add("summary-value");
        StringBinding summary = viewModel.accuracySummary();
        accuracy.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> summary.get().isEmpty() ? "" : " (" + summary.get() + ")", summary));
        line.getChildren().add(accuracy);
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(viewModel.accuracyDescription());
        tip.setWrapText(true);
        tip.setMaxWidth(520);
        javafx.scene.control.Tooltip.install(line, tip);
        return line;
    }

    /**
     * A summary line whose value starts with an id that has no spaces (the model's): it may break after the id's
     * {@code /} and {@code -} ({@link #breakable}). Only there: applied to every line, it broke "$0.060/M output tokens"
     * after the slash and the accelerator "tpu-v6e-slice" at its dashes, where spaces were near (Xvfb walk 1440x900).
     */
    static Node idLine(String name, StringBinding value, String id) {
        TextFlow line = (TextFlow) summaryLine(name, value, id);
        Text v = (Text) line.getChildren().get(1);
        v.textProperty().unbind();
        v.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> breakable(value.get()), value));
        return line;
    }

    static Node summaryLine(String name, StringBinding value, String id) {
        Text n = new Text(name + ": ");
        n.getStyleClass().add("summary-name");
        Text v = new Text();
        v.setId(id);
        v.getStyleClass().add("summary-value");
        v.textProperty().bind(value);
        return new TextFlow(n, v);
    }
}
