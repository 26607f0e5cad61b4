package dev.kiq.ui;

import dev.kiq.ui.accelerator.AcceleratorStepView;
import dev.kiq.ui.accelerator.AcceleratorStepViewModel;
import dev.kiq.ui.deploy.DeployStepView;
import dev.kiq.ui.deploy.DeployStepViewModel;
import dev.kiq.ui.manifests.ManifestsStepView;
import dev.kiq.ui.manifests.ManifestsStepViewModel;
import dev.kiq.ui.model.ModelStepView;
import dev.kiq.ui.model.ModelStepViewModel;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.performance.PerformanceStepViewModel;
import dev.kiq.ui.server.ServerStepView;
import dev.kiq.ui.server.ServerStepViewModel;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.theme.Theme;
import dev.kiq.ui.wizard.WizardState;
import dev.kiq.ui.wizard.WizardView;
import dev.kiq.ui.wizard.WizardViewModel;
import dev.kiq.ui.workload.WorkloadStepView;
import dev.kiq.ui.workload.WorkloadStepViewModel;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;

/** Builds the seven steps (view models now, views on first visit) over the given services. */
public final class Wizard {

    private final Services services;
    private final WizardState state;
    private final ModelStepViewModel model;
    private final ServerStepViewModel server;
    private final WorkloadStepViewModel workload;
    private final AcceleratorStepViewModel accelerator;
    private final PerformanceStepViewModel performance;
    private final ManifestsStepViewModel manifests;
    private final DeployStepViewModel deploy;
    private final dev.kiq.ui.monitor.LivePaneViewModel live;
    private final WizardViewModel viewModel;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private WizardView view;

    public Wizard(Services services) {
        this.services = services;
        state = new WizardState(services.recommendations());
        model = new ModelStepViewModel(state, services);
        server = new ServerStepViewModel(state, services.catalog());
        workload = new WorkloadStepViewModel(state, services.modeler(), services.tasks());
        accelerator = new AcceleratorStepViewModel(state, services.recommendations());
        performance = new PerformanceStepViewModel(state, services.recommendations(), services.tasks());
        manifests = new ManifestsStepViewModel(state, services);
        deploy = new DeployStepViewModel(state, services);
        // Try it and Monitor reach the release the Deploy step deployed (its context, namespace and the manifests' release)
        live = new dev.kiq.ui.monitor.LivePaneViewModel(services.tasks(), () -> java.util.Optional.ofNullable(state.workloadProperty().get())
                .map(dev.kiq.ui.service.Workload::targets).orElse(dev.kiq.recommend.Targets.none()),
                java.util.Optional.of(() -> services.deployer().openRelease(deploy.contextProperty().get(),
                        deploy.namespaceProperty().get() == null || deploy.namespaceProperty().get().isBlank() ? "default"
                                : deploy.namespaceProperty().get().strip(),
                        dev.kiq.monitor.LiveRelease.releaseIn(state.manifestsProperty().get()))),
                () -> dev.kiq.settings.UserFolders.forCurrentUser().profilesDir().resolve("measured"));
        live.profileProperty().bind(state.profileProperty());
        // without a kubeconfig the window still tries and monitors an endpoint (e.g. kiq emulator)
        live.releaseReachableProperty().bind(deploy.noClusterProperty().isEmpty());
        viewModel = new WizardViewModel(state, List.of(model, server, workload, accelerator, performance, manifests,
                deploy));
    }

    /** The window's content, built on first call (on the FX thread). */
    public WizardView view() {
        if (view == null) {
            List<Supplier<Node>> pages = List.of(
                    () -> new ModelStepView(model),
                    () -> new ServerStepView(server),
                    () -> new WorkloadStepView(workload),
                    () -> new AcceleratorStepView(accelerator),
                    () -> new PerformanceStepView(performance, theme),
                    () -> new ManifestsStepView(manifests),
                    this::deployPage);
            view = new WizardView(viewModel, pages);
            Button themeToggle = new Button();
            themeToggle.setId("theme-toggle");
            themeToggle.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> theme.get() == Theme.LIGHT ? "Dark theme" : "Light theme", theme));
            themeToggle.setOnAction(e -> theme.set(theme.get().other()));
            Button about = new Button("About");
            about.setId("about");
            about.setOnAction(e -> AboutBox.show(view.getScene().getWindow()));
            view.toolbar().getChildren().addAll(themeToggle, about);
        }
        return view;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public WizardState state() {
        return state;
    }

    public WizardViewModel viewModel() {
        return viewModel;
    }

    public ModelStepViewModel model() {
        return model;
    }

    public ServerStepViewModel server() {
        return server;
    }

    public WorkloadStepViewModel workload() {
        return workload;
    }

    public AcceleratorStepViewModel accelerator() {
        return accelerator;
    }

    public PerformanceStepViewModel performance() {
        return performance;
    }

    public ManifestsStepViewModel manifests() {
        return manifests;
    }

    private javafx.stage.Stage liveWindow;

    /** The Deploy page, with a button that opens the "Try it" and "Monitor" panes in their own window. */
    private Node deployPage() {
        DeployStepView page = new DeployStepView(deploy);
        Button open = new Button("Try it & monitor…");
        open.setId("open-live");
        open.setOnAction(e -> {
            // the release when the Deploy step has a cluster, else an endpoint (e.g. kiq emulator)
            live.targetProperty().set(deploy.contextProperty().get() != null ? dev.kiq.ui.monitor.LivePaneViewModel.Target.RELEASE
                    : dev.kiq.ui.monitor.LivePaneViewModel.Target.ENDPOINT);
            if (liveWindow == null) {
                liveWindow = new javafx.stage.Stage();
                liveWindow.setTitle("kiq: try it and monitor");
                javafx.scene.Scene scene = new javafx.scene.Scene(new dev.kiq.ui.monitor.LivePaneView(live), 900, 640);
                scene.getStylesheets().addAll(page.getScene().getStylesheets());
                liveWindow.setScene(scene);
                liveWindow.initOwner(page.getScene().getWindow());
                liveWindow.setOnHidden(h -> live.stopMonitor());
            }
            liveWindow.show();
            liveWindow.toFront();
        });
        page.addAction(open);
        return page;
    }

    public dev.kiq.ui.monitor.LivePaneViewModel live() {
        return live;
    }

    public DeployStepViewModel deploy() {
        return deploy;
    }
}
