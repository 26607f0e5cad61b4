package dev.kiq.deploy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens a Kubernetes client for one context of the user's kubeconfig. */
public final class ClusterConnection {

    /**
     * fabric8 registers its HTTP body logger under this name when trace logging is on; kiq replaces it
     * with one that logs nothing, because request bodies carry the {@code hf-secret} data.
     */
    static final String HTTP_LOGGING_INTERCEPTOR = "HttpLogging";
    private static final Interceptor SILENT = new Interceptor() {
    };

    private ClusterConnection() {
    }

    /**
     * Connects to {@code context} (or the current context) of the kubeconfig.
     *
     * @param wording how the front end words what to do about a kubeconfig it cannot read
     */
    public static KubernetesClient connect(KubeContext context, Optional<Path> file, Wording wording) {
        Config config = KubeConfigView.parse(file.map(f -> List.of(f.toString())).orElseGet(() -> List.copyOf(Config.getKubeconfigFilenames())),
                () -> file.isPresent()
                        ? Config.fromKubeconfig(context.name(), file.get().toFile())
                        : Config.autoConfigure(context.name()), wording);
        Config tuned = new ConfigBuilder(config)
                // a 5xx in the middle of a deploy should be reported promptly rather than retried for minutes
                .withRequestRetryBackoffLimit(2)
                .build();
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(tuned);
        harden(builder);
        return builder.build();
    }

    /** Makes sure the client never logs request or response bodies, whatever the logging configuration. */
    public static void harden(KubernetesClientBuilder builder) {
        builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(HTTP_LOGGING_INTERCEPTOR, SILENT));
    }
}
