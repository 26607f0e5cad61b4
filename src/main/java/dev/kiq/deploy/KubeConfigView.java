package dev.kiq.deploy;

import dev.kiq.KiqException;
import dev.kiq.files.InputLimits;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** @param wording how the front end words what to do about a kubeconfig it cannot read */
    public static KubeConfigView load(Optional<Path> kubeconfig, Wording wording) {
        Config config;
        List<String> files;
        if (kubeconfig.isPresent()) {
            Path file = kubeconfig.get();
            if (!Files.isRegularFile(file)) {
                throw new KiqException("The kubeconfig file " + file + " does not exist; give the path of a kubeconfig "
                        + "(for example ~/.kube/config).");
            }
            files = List.of(file.toString());
            config = parse(files, () -> Config.fromKubeconfig(null, file.toFile()), wording);
        } else {
            files = List.copyOf(Config.getKubeconfigFilenames());
            config = parse(files, () -> Config.autoConfigure(null), wording);
        }
        List<KubeContext> contexts = config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(KubeConfigView::toContext).toList();
        Optional<String> current = Optional.ofNullable(config.getCurrentContext()).map(NamedContext::getName);
        return new KubeConfigView(contexts, current, files);
    }

    /**
     * Checks each file's size and lines (SnakeYAML would take minutes over one very long line), then parses. A
     * malformed file is bad input named by its path and line only: the parser's own message can quote the line,
     * and a kubeconfig line may hold a token.
     */
    static Config parse(List<String> files, java.util.function.Supplier<Config> parser, Wording wording) {
        for (String name : files) {
            Path file = Path.of(name);
            if (Files.isRegularFile(file)) {
                InputLimits.KUBECONFIG.read(file, "The kubeconfig file");
            }
        }
        try {
            return parser.get();
        } catch (KiqException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed(files, e, wording);
        }
    }

    static KiqException malformed(List<String> files, Throwable e, Wording wording) {
        Matcher at = null;
        for (Throwable t = e; t != null && at == null; t = t.getCause()) {
            Matcher m = LINE.matcher(String.valueOf(t.getMessage()));
            at = m.find() ? m : null;
        }
        return new KiqException("The kubeconfig file " + String.join(", ", files) + " is not a valid kubeconfig"
                + (at == null ? "" : " (YAML error at line " + at.group(1) + ")")
                + "; " + wording.fixKubeconfig() + ".");
    }

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

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
