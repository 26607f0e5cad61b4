package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.deploy.DeployEvent;
import dev.kiq.deploy.DeployReport;
import dev.kiq.deploy.DeployRequest;
import dev.kiq.deploy.Deployer;
import dev.kiq.deploy.HfToken;
import dev.kiq.deploy.ManifestFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiq deploy}: server-side applies manifests to a kube context and optionally watches the rollout. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy manifests to the current kube context (or --context): create hf-secret from the token, "
                + "check prerequisites, dry-run every object on the server, then server-side apply them as field "
                + "manager kiq. Applying the same manifests again changes nothing. When the cluster refuses or the "
                + "rollout fails (exit code 1), the report says what is applied and what is not."})
final class DeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "Manifest file, as written by `kiq manifests create --output-path`; or give the "
                    + "manifests-create flags (--model, --model-server, --accelerator-type, ...) instead.")
    Path file;

    @Mixin
    ManifestFlags manifestFlags = new ManifestFlags();

    @Option(names = "--create-namespace", description = "Create the namespace when it does not exist.")
    boolean createNamespace;

    static final class TokenOptions {
        @Option(names = "--hf-token-from-env", paramLabel = "VAR",
                description = "Read the Hugging Face token from environment variable VAR (e.g. HF_TOKEN) into Secret hf-secret.")
        String env;

        @Option(names = "--hf-token-stdin",
                description = "Read the Hugging Face token from stdin (typed hidden on a terminal) into Secret hf-secret.")
        boolean stdin;
    }

    @ArgGroup(exclusive = true)
    TokenOptions token = new TokenOptions();

    @Option(names = "--dry-run", description = "Only run the server-side dry run; change nothing.")
    boolean dryRun;

    @Option(names = "--wait", description = "Watch the rollout until the model server is ready.")
    boolean waitForRollout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20m",
            description = "How long --wait waits (e.g. 90s, 20m, 1h). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--force-conflicts",
            description = "Take over fields another field manager owns on objects kiq did not apply before.")
    boolean forceConflicts;

    @Option(names = "--release", paramLabel = "NAME",
            description = "Name that groups these objects for `kiq status` and `kiq undeploy` (default: the Deployment's name).")
    String release;

    /** stdin for --hf-token-stdin; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        Duration wait = DurationParser.parse(timeout, "--timeout");
        if (release != null) {
            dev.kiq.deploy.KiqLabels.checkRelease(release);
        }
        if (file != null && manifestFlags.anyGiven()) {
            throw new KiqException("Give either -f FILE or the manifests-create flags (--model ...), not both.");
        }
        List<HasMetadata> fromFile = file == null ? List.of() : ManifestFiles.read(file);
        PrintWriter out = spec.commandLine().getOut();
        Optional<HfToken> hfToken = TokenSource.read(token.env, token.stdin, stdin);
        try (ClusterOptions.Connection connection = cluster.connect()) {
            List<HasMetadata> objects = file != null ? fromFile
                    : manifestFlags.generate(connection.namespace(cluster.namespace), spec.commandLine().getErr()).objects();
            DeployRequest request = DeployRequest.of(objects).creatingNamespace(createNamespace).asDryRun(dryRun)
                    .forcingConflicts(forceConflicts);
            if (cluster.namespace != null) {
                request = request.inNamespace(cluster.namespace);
            }
            if (release != null) {
                request = request.asRelease(release);
            }
            if (waitForRollout) {
                request = request.waiting(wait);
            }
            if (hfToken.isPresent()) {
                request = request.withToken(hfToken.get());
            }
            Deployer deployer = new Deployer(connection.client(), connection.context().name(), CliWording.INSTANCE);
            DeployReport report = deployer.deploy(request, event -> print(out, spec.commandLine().getErr(), event), new dev.kiq.deploy.CancelToken());
            return report.succeeded() ? 0 : 1;
        } finally {
            hfToken.ifPresent(HfToken::close);
        }
    }

    /** Progress on stdout; a failure (its ERROR: line and what to do) on stderr, as every verb's errors. */
    static void print(PrintWriter out, PrintWriter err, DeployEvent event) {
        PrintWriter to = event instanceof DeployEvent.Failed ? err : out;
        to.println(event.describe());
        to.flush();
    }
}
