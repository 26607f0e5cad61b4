package dev.kiq.cli;

import dev.kiq.deploy.ClusterConnection;
import dev.kiq.deploy.KubeConfigView;
import dev.kiq.deploy.KubeContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The kubectl-style options that pick a cluster: --kubeconfig, --context, --namespace. */
final class ClusterOptions {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "CONTEXT", description = "Kube context (default: the current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace (default: the manifests' namespace, else the context's, else default).")
    String namespace;

    /** An open client and the context it talks to. */
    record Connection(KubernetesClient client, KubeContext context) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }

        /** The explicit namespace, else the context's, else default. */
        String namespace(String explicit) {
            if (explicit != null) {
                return explicit;
            }
            String ns = client.getNamespace();
            return ns == null || ns.isBlank() ? context.effectiveNamespace() : ns;
        }
    }

    Connection connect() {
        Optional<Path> file = Optional.ofNullable(kubeconfig);
        KubeConfigView view = KubeConfigView.load(file, CliWording.INSTANCE);
        KubeContext ctx = view.resolve(Optional.ofNullable(context));
        return new Connection(ClusterConnection.connect(ctx, file, CliWording.INSTANCE), ctx);
    }
}
