package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.deploy.CancelToken;
import dev.kiq.deploy.KiqLabels;
import dev.kiq.deploy.ObjectRef;
import dev.kiq.deploy.ReleaseInventory;
import dev.kiq.deploy.UndeployPlan;
import dev.kiq.manifest.ManifestGenerator;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiq undeploy}: removes exactly the objects of one release (or, asked for, of every release), nothing else. */
@Command(name = "undeploy", mixinStandardHelpOptions = true,
        description = {"Delete the objects of one kiq release in a namespace (label kiq.dev/release), or with --all of"
                + " every kiq release there. Without either it lists the releases and deletes nothing.",
                "The shared hf-secret stays while another kiq release in the namespace uses it. The namespace is kept."})
final class UndeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--release", paramLabel = "NAME", description = "The release to remove (kiq status lists them).")
    String release;

    @Option(names = "--all", description = "Remove every kiq release in the namespace, and hf-secret.")
    boolean all;

    @Override
    public Integer call() {
        if (release != null && all) {
            throw new KiqException("--release and --all exclude each other; give --release NAME to remove one release"
                    + " or --all to remove every kiq release in the namespace.");
        }
        Optional.ofNullable(release).ifPresent(KiqLabels::checkRelease);
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterOptions.Connection c = cluster.connect()) {
            String ns = c.namespace(cluster.namespace);
            ReleaseInventory inventory = new ReleaseInventory(c.client(), c.context().name(), CliWording.INSTANCE);
            if (release == null && !all) {
                refuse(inventory, ns, out); // lists the releases and throws, unless kiq has nothing there
                out.println("Nothing deployed by kiq in namespace " + ns + "; nothing to remove.");
                out.flush();
                return 0;
            }
            UndeployPlan plan = inventory.plan(ns, Optional.ofNullable(release));
            if (plan.isEmpty() && release != null) {
                SortedMap<String, List<ObjectRef>> there = inventory.releases(ns);
                out.println("Nothing of release " + release + " in namespace " + ns + "; nothing to remove."
                        + (there.isEmpty() ? "" : " Releases there: " + String.join(", ", there.keySet()) + "."));
                plan.secretKept().ifPresent(out::println);
                out.flush();
                return 0;
            }
            ReleaseInventory.Removal removal = inventory.undeploy(plan, new CancelToken());
            ErrorLines.print(removal.describe(), out, spec.commandLine().getErr());
            return removal.failure().isPresent() ? 1 : 0;
        }
    }

    /** Without --release or --all: lists the releases there and refuses; returns only when kiq has nothing there. */
    private static void refuse(ReleaseInventory inventory, String ns, PrintWriter out) {
        SortedMap<String, List<ObjectRef>> releases = inventory.releases(ns);
        UndeployPlan everything = inventory.plan(ns, Optional.empty());
        if (everything.isEmpty()) {
            return;
        }
        out.println(releases.isEmpty() ? "No kiq release in namespace " + ns + "; only kiq's shared secret/"
                + ManifestGenerator.HF_SECRET + " is there." : "kiq releases in namespace " + ns + ":");
        releases.forEach((name, objects) -> out.println("  " + name + ": "
                + objects.stream().map(ObjectRef::toString).collect(Collectors.joining(", "))));
        out.flush();
        throw new KiqException("kiq undeploy removes one release at a time; give --release NAME"
                + (releases.isEmpty() ? "" : " (" + String.join(", ", releases.keySet()) + ")")
                + ", or --all to remove every kiq release in namespace " + ns + ".");
    }
}
