package dev.kiq.cli;

import dev.kiq.deploy.CancelToken;
import dev.kiq.deploy.ReleaseInventory;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiq undeploy}: removes exactly what kiq applied (by its label), nothing else. */
@Command(name = "undeploy", mixinStandardHelpOptions = true,
        description = {"Delete the objects kiq applied in a namespace (label app.kubernetes.io/managed-by=kiq).",
                "With --release only that release's objects go; the shared hf-secret goes only without --release. "
                        + "The namespace is kept."})
final class UndeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--release", paramLabel = "NAME", description = "Only remove this release.")
    String release;

    @Override
    public Integer call() {
        try (ClusterOptions.Connection c = cluster.connect()) {
            String ns = c.namespace(cluster.namespace);
            ReleaseInventory.Removal removal = new ReleaseInventory(c.client(), c.context().name())
                    .undeploy(ns, Optional.ofNullable(release), new CancelToken());
            ErrorLines.print(removal.describe(), spec.commandLine().getOut(), spec.commandLine().getErr());
            return removal.failure().isPresent() ? 1 : 0;
        }
    }
}
