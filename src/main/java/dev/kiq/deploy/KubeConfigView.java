package dev.kiq.deploy;

import dev.kiq.KiqException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The contexts of the user's kubeconfig, read the way kubectl reads it: {@code --kubeconfig FILE} if
 * given, else the {@code KUBECONFIG} list, else {@code ~/.kube/config}. Exec auth plugins (such as
 * {@code gke-gcloud-auth-plugin}) are run by the fabric8 client when it connects.
 */
public record KubeConfigView(List<KubeContext> contexts, Optional<String> currentContext, List<String> files) {

    public KubeConfigView {
        contexts = List.copyOf(contexts);
        files = List.copyOf(files);
    }

    public static KubeConfigView load(Optional<Path> kubeconfig) {
        Config config;
        List<String> files;
        if (kubeconfig.isPresent()) {
            Path file = kubeconfig.get();
            if (!Files.isRegularFile(file)) {
                throw new KiqException("The kubeconfig file " + file + " does not exist; give the path of a kubeconfig "
                        + "(for example ~/.kube/config).");
            }
            config = Config.fromKubeconfig(null, file.toFile());
            files = List.of(file.toString());
        } else {
            config = Config.autoConfigure(null);
            files = List.copyOf(Config.getKubeconfigFilenames());
        }
        List<KubeContext> contexts = config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(KubeConfigView::toContext).toList();
        Optional<String> current = Optional.ofNullable(config.getCurrentContext()).map(NamedContext::getName);
        return new KubeConfigView(contexts, current, files);
    }

    private static KubeContext toContext(NamedContext nc) {
        var c = nc.getContext();
        return new KubeContext(nc.getName(), c == null ? "" : nullToEmpty(c.getCluster()),
                c == null ? "" : nullToEmpty(c.getUser()),
                c == null ? Optional.empty() : Optional.ofNullable(c.getNamespace()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public Optional<KubeContext> find(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The chosen context, or the current one; a clear error names the valid contexts otherwise. */
    public KubeContext resolve(Optional<String> wanted) {
        if (contexts.isEmpty()) {
            throw new KiqException("No kube context found in " + (files.isEmpty() ? "~/.kube/config" : String.join(", ", files))
                    + "; create one (for GKE: `gcloud container clusters get-credentials CLUSTER --location LOCATION`).");
        }
        String name = wanted.or(() -> currentContext).orElseThrow(() -> new KiqException(
                "The kubeconfig has no current context; pass --context with one of: " + names() + "."));
        return find(name).orElseThrow(() -> new KiqException(
                "The kube context " + name + " is not in the kubeconfig; valid contexts: " + names() + "."));
    }

    private String names() {
        return contexts.stream().map(KubeContext::name).sorted().collect(Collectors.joining(", "));
    }
}
