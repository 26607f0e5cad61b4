package dev.kiq.ui.deploy;

import dev.kiq.ui.service.DeployProgress;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/** Step 7 page: the deploy form and progress, or a clear page when there is no cluster to deploy to. */
public final class DeployStepView extends StackPane {

    private final VBox form;
    private final VBox noCluster;
    private final DeployStepViewModel vm;

    public DeployStepView(DeployStepViewModel vm) {
        this.vm = vm;
        form = form(vm);
        // Undeploy asks first: the dialog lists exactly what the core found to delete
        vm.confirmationProperty().addListener((o, before, question) -> {
            if (question != null) {
                UndeployDialog dialog = new UndeployDialog(getScene() == null ? null : getScene().getWindow(), question);
                dialog.setOnHidden(e -> {
                    if (dialog.getResult() != null && dialog.getResult().getButtonData() == ButtonBar.ButtonData.OK_DONE) {
                        vm.confirmUndeploy();
                    } else {
                        vm.declineUndeploy();
                    }
                });
                dialog.show();
            }
        });
        noCluster = noCluster(vm);
        form.visibleProperty().bind(vm.noClusterProperty().isEmpty());
        noCluster.visibleProperty().bind(vm.noClusterProperty().isEmpty().not());
        getChildren().addAll(form, noCluster);
    }

    private static VBox form(DeployStepViewModel vm) {
        ComboBox<String> context = new ComboBox<>(vm.contexts());
        context.setId("kube-context");
        context.valueProperty().bindBidirectional(vm.contextProperty());
        TextField namespace = new TextField();
        namespace.setId("deploy-namespace");
        namespace.textProperty().bindBidirectional(vm.namespaceProperty());
        CheckBox create = new CheckBox("Create the namespace if it does not exist");
        create.setId("create-namespace");
        create.selectedProperty().bindBidirectional(vm.createNamespaceProperty());
        PasswordField token = new PasswordField();
        token.setId("hf-token");
        token.setPromptText("hf_… (kept in memory only; leave empty to keep an existing hf-secret)");
        token.textProperty().bindBidirectional(vm.hfTokenProperty());
        CheckBox watch = new CheckBox("Watch the rollout until the model server is ready");
        watch.setId("wait-for-rollout");
        watch.selectedProperty().bindBidirectional(vm.waitForRolloutProperty());
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.addRow(0, new Label("Kube context"), context);
        namespace.setTooltip(new javafx.scene.control.Tooltip(
                "The same namespace as in the Manifests step: changing it here regenerates the manifests for it."));
        Hyperlink useContext = new Hyperlink();
        useContext.setId("use-context-namespace");
        useContext.textProperty().bind(Bindings.concat("Use the context's namespace (", vm.contextNamespaceProperty(), ")"));
        useContext.visibleProperty().bind(vm.contextNamespaceProperty().isNotEmpty()
                .and(vm.contextNamespaceProperty().isNotEqualTo(vm.namespaceProperty())));
        useContext.managedProperty().bind(useContext.visibleProperty());
        useContext.setOnAction(e -> vm.useContextNamespace());
        HBox namespaceRow = new HBox(8, namespace, create, useContext);
        namespaceRow.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(1, new Label("Namespace"), namespaceRow);
        grid.addRow(2, new Label("Hugging Face token"), token);
        grid.addRow(3, new Label(""), watch);
        GridPane.setHgrow(token, Priority.ALWAYS);

        Button dryRun = new Button("Dry run");
        dryRun.setId("dry-run");
        Button deploy = new Button("Deploy");
        deploy.setId("deploy");
        deploy.getStyleClass().add("success");
        Button undeploy = new Button("Undeploy");
        undeploy.setId("undeploy");
        undeploy.getStyleClass().add("danger");
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-deploy");
        dryRun.disableProperty().bind(Bindings.not(vm.canDeployProperty()));
        deploy.disableProperty().bind(Bindings.not(vm.canDeployProperty()));
        undeploy.disableProperty().bind(Bindings.not(vm.canUndeployProperty()));
        cancel.disableProperty().bind(vm.runningProperty().not());
        dryRun.setOnAction(e -> vm.dryRun());
        deploy.setOnAction(e -> vm.deploy());
        undeploy.setOnAction(e -> vm.undeploy());
        cancel.setOnAction(e -> vm.cancel());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(vm.runningProperty());
        Label outcome = new Label();
        outcome.setId("deploy-outcome");
        outcome.textProperty().bind(vm.outcomeProperty());
        HBox actions = new HBox(8, dryRun, deploy, undeploy, cancel, spinner, outcome);
        actions.setAlignment(Pos.CENTER_LEFT);

        ListView<DeployProgress> progress = new ListView<>(vm.progress());
        progress.setId("deploy-progress");
        progress.setMinHeight(120);
        progress.setCellFactory(l -> new ListCell<>() {
            /** The line, wrapped at the list's width: a long warning (no node has the accelerator, and the fix) is never cut. */
            private final Text line = new Text();

            {
                line.getStyleClass().add("deploy-line");
                line.wrappingWidthProperty().bind(l.widthProperty().subtract(40));
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
                // the list's width decides the cell's, never the text's length (no horizontal scrolling)
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(DeployProgress p, boolean empty) {
                super.updateItem(p, empty);
                getStyleClass().removeAll("kiq-ok", "kiq-warning", "kiq-error");
                if (empty || p == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                String mark = switch (p.severity()) {
                    case INFO -> "•  ";
                    case DONE -> "✓  ";
                    case WARNING -> "!  ";
                    case ERROR -> "✗  ";
                };
                setText(mark + p.text());
                line.setText(mark + p.text());
                setGraphic(line);
                switch (p.severity()) {
                    case DONE -> getStyleClass().add("kiq-ok");
                    case WARNING -> getStyleClass().add("kiq-warning");
                    case ERROR -> getStyleClass().add("kiq-error");
                    default -> { }
                }
            }
        });
        vm.progress().addListener((javafx.collections.ListChangeListener<DeployProgress>) c ->
                progress.scrollTo(vm.progress().size() - 1));
        VBox.setVgrow(progress, Priority.ALWAYS);
        Label error = new Label();
        error.setId("deploy-error");
        error.setWrapText(true);
        // all of it on as many lines as it needs (the page scrolls), never cut with "..."
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.getStyleClass().add("kiq-error");
        error.textProperty().bind(vm.errorProperty());
        VBox box = new VBox(10, grid, actions, progress, error);
        box.setPadding(new Insets(4, 0, 8, 0));
        return box;
    }

    /**
     * Adds a control under the deploy form's fields (the wizard's "Try it & monitor" button), or, while there is no
     * cluster, under the page that says so: an endpoint can be tried and monitored without one.
     */
    public void addAction(javafx.scene.Node action) {
        Runnable place = () -> {
            form.getChildren().remove(action);
            noCluster.getChildren().remove(action);
            if (vm.noClusterProperty().get() == null || vm.noClusterProperty().get().isEmpty()) {
                form.getChildren().add(1, action);
            } else {
                noCluster.getChildren().add(action);
            }
        };
        place.run();
        vm.noClusterProperty().addListener((o, a, b) -> place.run());
    }

    private static VBox noCluster(DeployStepViewModel vm) {
        Label title = new Label("No Kubernetes cluster to deploy to");
        title.getStyleClass().add("title-3");
        Label why = new Label();
        why.setId("no-cluster-reason");
        why.setWrapText(true);
        why.textProperty().bind(vm.noClusterProperty());
        Label what = new Label("kiq deploys to a context of your kubeconfig ($KUBECONFIG or ~/.kube/config). "
                + "For GKE run `gcloud container clusters get-credentials CLUSTER --location LOCATION`, "
                + "then press Retry. You can still save the manifests in the previous step and apply them later.");
        what.setWrapText(true);
        Button retry = new Button("Retry");
        retry.setId("retry-kubeconfig");
        retry.setOnAction(e -> vm.reloadContexts());
        VBox box = new VBox(12, title, why, what, retry);
        box.setId("no-cluster");
        box.setPadding(new Insets(24));
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }
}
