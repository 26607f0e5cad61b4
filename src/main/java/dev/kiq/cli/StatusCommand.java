package dev.kiq.cli;

import dev.kiq.deploy.ReleaseInventory;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiq status}: what kiq deployed in a namespace and how ready it is. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the objects kiq applied in a namespace (label app.kubernetes.io/managed-by=kiq) and their pods.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--release", paramLabel = "NAME", description = "Only this release.")
    String release;

    @Override
    public Integer call() {
        try (ClusterOptions.Connection c = cluster.connect()) {
            String ns = c.namespace(cluster.namespace);
            ReleaseInventory.Status status = new ReleaseInventory(c.client(), c.context().name(), CliWording.INSTANCE)
                    .status(ns, Optional.ofNullable(release));
            spec.commandLine().getOut().println(status.describe());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
