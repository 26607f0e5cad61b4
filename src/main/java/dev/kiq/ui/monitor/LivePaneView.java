package dev.kiq.ui.monitor;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.stage.FileChooser;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The "Try it" and "Monitor" panes, as two tabs sharing the endpoint field. */
public final class LivePaneView extends VBox {

    private final LiveChart chart;

    public LivePaneView(LivePaneViewModel vm) {
        TextField endpoint = new TextField();
        endpoint.setId("live-endpoint");
        endpoint.textProperty().bindBidirectional(vm.endpointProperty());
        HBox.setHgrow(endpoint, Priority.ALWAYS);
        ToggleGroup group = new ToggleGroup();
        RadioButton toRelease = new RadioButton("The deployed release");
        toRelease.setId("live-to-release");
        toRelease.setToggleGroup(group);
        toRelease.disableProperty().bind(vm.releaseReachableProperty().not());
        RadioButton toEndpoint = new RadioButton("Endpoint");
        toEndpoint.setId("live-to-endpoint");
        toEndpoint.setToggleGroup(group);
        group.selectToggle(vm.targetProperty().get() == LivePaneViewModel.Target.RELEASE ? toRelease : toEndpoint);
        vm.targetProperty().addListener((o, a, b) -> group.selectToggle(b == LivePaneViewModel.Target.RELEASE ? toRelease : toEndpoint));
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.targetProperty().set(b == toRelease ? LivePaneViewModel.Target.RELEASE : LivePaneViewModel.Target.ENDPOINT);
            }
        });
        endpoint.disableProperty().bind(vm.targetProperty().isEqualTo(LivePaneViewModel.Target.RELEASE));
        HBox top = new HBox(8, new Label("Talk to"), toRelease, toEndpoint, endpoint);
        top.setAlignment(Pos.CENTER_LEFT);
        Label releaseInfo = new Label();
        releaseInfo.setId("live-release-info");
        releaseInfo.setWrapText(true);
        releaseInfo.textProperty().bind(Bindings.when(vm.targetProperty().isEqualTo(LivePaneViewModel.Target.RELEASE))
                .then(Bindings.when(vm.releaseInfoProperty().isEmpty())
                        .then("The release from the Deploy step, reached through port-forwards (it is found when you send or start).")
                        .otherwise(vm.releaseInfoProperty()))
                .otherwise(""));
        releaseInfo.managedProperty().bind(releaseInfo.textProperty().isNotEmpty());
        Label error = new Label();
        error.setId("live-error");
        error.setWrapText(true);
        error.getStyleClass().add("kiq-error");
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());

        chart = new LiveChart(vm);
        TabPane tabs = new TabPane(new Tab("Try it", tryPane(vm)), new Tab("Monitor", monitorPane(vm, chart)));
        tabs.setId("live-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        setSpacing(8);
        setPadding(new Insets(10));
        getChildren().addAll(top, releaseInfo, error, tabs);
    }

    /** Long sentences (a note naming metrics, advice with numbers) wrap at the list's width instead of scrolling sideways. */
    private static void wrapLines(ListView<String> list) {
        list.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(l.widthProperty().subtract(24));
                setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item);
            }
        });
    }

    public LiveChart chart() {
        return chart;
    }

    private static VBox tryPane(LivePaneViewModel vm) {
        TextArea prompt = new TextArea();
        prompt.setId("try-prompt");
        prompt.setPrefRowCount(3);
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        CheckBox chat = new CheckBox("Chat (one user message)");
        chat.selectedProperty().bindBidirectional(vm.chatProperty());
        Button send = new Button("Send");
        send.setId("try-send");
        send.setDefaultButton(false);
        send.disableProperty().bind(vm.tryingProperty());
        send.setOnAction(e -> vm.send());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.tryingProperty());
        TextArea reply = new TextArea();
        reply.setId("try-reply");
        reply.setEditable(false);
        reply.setWrapText(true);
        reply.textProperty().bind(vm.replyProperty());
        VBox.setVgrow(reply, Priority.ALWAYS);
        Label stats = new Label();
        stats.setId("try-stats");
        stats.textProperty().bind(vm.trialStatsProperty());
        HBox actions = new HBox(8, send, chat, spinner, stats);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, new Label("Prompt"), prompt, actions, new Label("Reply"), reply);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    private VBox monitorPane(LivePaneViewModel vm, LiveChart chart) {
        TextField window = new TextField();
        window.setId("monitor-window");
        window.setPrefColumnCount(4);
        window.textProperty().bindBidirectional(vm.windowSecondsProperty());
        Button start = new Button();
        start.setId("monitor-start");
        start.textProperty().bind(Bindings.when(vm.monitoringProperty()).then("Stop").otherwise("Start monitoring"));
        start.setOnAction(e -> {
            if (vm.monitoringProperty().get()) {
                vm.stopMonitor();
            } else {
                vm.startMonitor();
            }
        });
        ToggleButton record = new ToggleButton("Record");
        record.setId("monitor-record");
        record.selectedProperty().bindBidirectional(vm.recordingProperty());
        record.setTooltip(new javafx.scene.control.Tooltip("Keep each full window with traffic as a point of a measured profile"));
        Button saveTo = new Button("Save to…");
        saveTo.setId("monitor-record-file");
        saveTo.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save the recorded profile to");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Profile (YAML)", "*.yaml", "*.yml"));
            chooser.setInitialFileName("live-profile.yaml");
            java.io.File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                vm.recordFileProperty().set(f.toPath());
            }
        });
        HBox actions = new HBox(8, start, new Label("Window (s)"), window, record, saveTo);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label recordStatus = new Label();
        recordStatus.setId("monitor-record-status");
        recordStatus.setWrapText(true);
        recordStatus.textProperty().bind(Bindings.createStringBinding(() -> !vm.recordStatusProperty().get().isEmpty()
                ? vm.recordStatusProperty().get() : vm.recordFileProperty().get() == null ? ""
                : "Recordings go to " + vm.recordFileProperty().get(), vm.recordStatusProperty(), vm.recordFileProperty()));
        recordStatus.managedProperty().bind(recordStatus.textProperty().isNotEmpty());
        Label figures = new Label();
        figures.setId("monitor-figures");
        figures.setWrapText(true);
        figures.textProperty().bind(vm.figuresProperty());
        Label position = new Label();
        position.setId("monitor-position");
        position.setWrapText(true);
        position.getStyleClass().add("text-bold");
        position.textProperty().bind(vm.positionProperty());
        ListView<String> advice = new ListView<>(vm.advice());
        advice.setId("monitor-advice");
        advice.setPrefHeight(70);
        wrapLines(advice);
        advice.setMinHeight(40);
        ListView<String> notes = new ListView<>(vm.notes());
        notes.setId("monitor-notes");
        notes.setPrefHeight(64);
        wrapLines(notes);
        notes.setMinHeight(0);
        notes.managedProperty().bind(Bindings.isNotEmpty(vm.notes()));
        notes.visibleProperty().bind(notes.managedProperty());
        VBox.setVgrow(chart.node(), Priority.ALWAYS);
        Label curve = new Label();
        curve.setId("monitor-curve");
        curve.setWrapText(true);
        curve.textProperty().bind(vm.curveProperty());
        VBox box = new VBox(6, actions, recordStatus, figures, position, curve, chart.node(), advice, notes);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }
}
