package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.deploy.FakeApiServerAccess;
import dev.kiq.deploy.LogCapture;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeployCommandTest {

    static final String TOKEN = "hf_cliTokenThatMustNeverLeakAnywhere42";

    @TempDir
    Path dir;
    FakeApiServerAccess api;
    Path kubeconfig;
    Path manifests;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void cluster() throws IOException {
        api = new FakeApiServerAccess();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: dev
                    namespace: llm
                - name: other
                  context:
                    cluster: mock
                    user: dev
                users:
                - name: dev
                  user:
                    token: kube-bearer-token
                """.formatted(api.url()));
        manifests = dir.resolve("manifests.yaml");
        StringBuilder yaml = new StringBuilder();
        KubernetesSerialization s = new KubernetesSerialization();
        for (HasMetadata o : api.manifests()) {
            yaml.append(s.asYaml(o).replaceFirst("^---\\n", "")).append("\n---\n");
        }
        yaml.append("# Before applying: create hf-secret with key hf_api_token.\n");
        Files.writeString(manifests, yaml.toString());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    int kiq(String... args) {
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void deployingAnotherReleaseOverTheSameObjectsStopsBeforeApplyingAndSaysWhatToDo() {
        assertThat(kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString())).isZero();
        long applied = api.realApplies();
        err.getBuffer().setLength(0);

        int code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString(), "--release", "copy");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("ERROR: deployment.apps/vllm-gemma-2-2b-it in namespace llm belongs to kiq"
                        + " release vllm-gemma-2-2b-it; deploying these manifests as release copy would take it over.")
                .contains("deploy with --release vllm-gemma-2-2b-it").contains("another namespace (--namespace)")
                .contains("kiq undeploy --release vllm-gemma-2-2b-it --namespace llm").doesNotContain("Exception");
        assertThat(api.realApplies()).as("applies for real").isEqualTo(applied);
    }

    @Test
    void deployPrintsEachStepAndASecondDeploySaysNothingChanged() {
        int code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("Context mock (" + api.url())
                .contains("namespace llm")
                .contains("Dry run: deployment.apps/vllm-gemma-2-2b-it would be created")
                .contains("deployment.apps/vllm-gemma-2-2b-it created")
                .contains("service/vllm-service created")
                .contains("Applied 4 of 4 objects to namespace llm");

        out.getBuffer().setLength(0);
        assertThat(kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString())).isZero();
        assertThat(out.toString()).contains("deployment.apps/vllm-gemma-2-2b-it unchanged")
                .contains("Nothing changed: all 4 objects already match the manifests in namespace llm.");
    }

    @Test
    void theTokenNeverReachesConsoleOrLogsEvenWithFabric8TraceLogging() {
        int code;
        String captured;
        try (LogCapture capture = new LogCapture(Level.ALL, "io.fabric8", "dev.kiq")) {
            capture.stdin(TOKEN + "\n");
            code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString(), "--hf-token-stdin");
            // and a failing deploy, so error paths are covered too
            api.failSecretApply();
            capture.stdin(TOKEN + "\n");
            kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString(), "--hf-token-stdin");
            captured = capture.text() + out + err;
            assertThat(capture.recordCount()).as("fabric8 logged at trace level during the deploy").isPositive();
        }
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("secret/hf-secret created").doesNotContain("ERROR:");
        assertThat(err.toString()).contains("ERROR: The API server failed");
        // the token did reach the Secret...
        assertThat(api.secretToken()).isEqualTo(TOKEN);
        // ...and nothing else, in neither plain nor base64 form
        String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        assertThat(captured).doesNotContain(TOKEN).doesNotContain(b64).doesNotContain(b64.substring(0, 20));
    }

    @Test
    void tokenFromAMissingEnvironmentVariableIsAUserError() {
        int code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString(),
                "--hf-token-from-env", "KIQ_TEST_SURELY_UNSET_VARIABLE");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ERROR: The environment variable KIQ_TEST_SURELY_UNSET_VARIABLE is not set");
    }

    @Test
    void theTwoTokenSourcesExcludeEachOther() {
        int code = kiq("deploy", "-f", manifests.toString(), "--hf-token-from-env", "HF_TOKEN", "--hf-token-stdin");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void anUnknownContextNamesTheValidOnes() {
        int code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString(), "--context", "prod");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ERROR: The kube context prod is not in the kubeconfig; valid contexts: mock, other.");
    }

    @Test
    void aBadTimeoutIsAUserError() {
        int code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString(), "--timeout", "soon");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout soon is not a duration; give one like 90s, 20m or 1h30m.");
    }

    @Test
    void aFailedDeployExitsOneAndListsWhatIsApplied() {
        api.failServiceApply();
        int code = kiq("deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("Deploy failed in namespace llm.")
                .contains("Applied: deployment.apps/vllm-gemma-2-2b-it")
                .contains("Not applied: service/vllm-service");
    }

    @Test
    void statusShowsWhatKiqAppliedAndUndeployRemovesExactlyThat() {
        api.seedCrud();
        assertThat(kiq("status", "--kubeconfig", kubeconfig.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Deployed by kiq in namespace llm (context mock):")
                .contains("deployment.apps/vllm-gemma-2-2b-it").contains("0/1 ready")
                .contains("service/vllm-service").doesNotContain("someone-elses");

        out.getBuffer().setLength(0);
        assertThat(kiq("undeploy", "--kubeconfig", kubeconfig.toString(), "--release", "vllm-gemma-2-2b-it")).isZero();
        // the last release takes kiq's shared secret with it; what is not kiq's stays
        assertThat(out.toString()).contains("deployment.apps/vllm-gemma-2-2b-it deleted").contains("service/vllm-service deleted")
                .contains("secret/hf-secret deleted");
        assertThat(api.crudNames()).containsExactly("someone-elses");
    }

    @Test
    void undeployWithoutAReleaseListsTheReleasesAndDeletesNothing() {
        api.seedCrud();
        api.seedRelease("vllm-llama");

        assertThat(kiq("undeploy", "--kubeconfig", kubeconfig.toString())).isEqualTo(2);

        assertThat(out.toString()).contains("kiq releases in namespace llm:")
                .contains("  vllm-gemma-2-2b-it: deployment.apps/vllm-gemma-2-2b-it, service/vllm-service")
                .contains("  vllm-llama: deployment.apps/vllm-llama");
        assertThat(err.toString().lines()).containsExactly("ERROR: kiq undeploy removes one release at a time; give --release"
                + " NAME (vllm-gemma-2-2b-it, vllm-llama), or --all to remove every kiq release in namespace llm.");
        assertThat(api.crudNames()).containsExactlyInAnyOrder("vllm-gemma-2-2b-it", "vllm-llama", "vllm-service",
                "hf-secret", "someone-elses");
    }

    @Test
    void undeployOfOneReleaseKeepsTheSecretAnotherUsesAndAllRemovesEveryRelease() {
        api.seedCrud();
        api.seedRelease("vllm-llama");

        assertThat(kiq("undeploy", "--kubeconfig", kubeconfig.toString(), "--release", "vllm-gemma-2-2b-it")).isZero();
        assertThat(out.toString()).contains("secret/hf-secret stays: release vllm-llama still uses it.")
                .doesNotContain("hf-secret deleted");
        assertThat(api.crudNames()).containsExactlyInAnyOrder("vllm-llama", "hf-secret", "someone-elses");

        out.getBuffer().setLength(0);
        assertThat(kiq("undeploy", "--kubeconfig", kubeconfig.toString(), "--all")).isZero();
        assertThat(out.toString()).contains("deployment.apps/vllm-llama deleted").contains("secret/hf-secret deleted");
        assertThat(api.crudNames()).containsExactly("someone-elses");

        out.getBuffer().setLength(0);
        assertThat(kiq("undeploy", "--kubeconfig", kubeconfig.toString())).isZero();
        assertThat(out.toString()).contains("Nothing deployed by kiq in namespace llm; nothing to remove.");
    }

    @Test
    void undeployRefusesReleaseTogetherWithAll() {
        assertThat(kiq("undeploy", "--kubeconfig", kubeconfig.toString(), "--release", "a", "--all")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: --release and --all exclude each other");
    }

    @Test
    void theManifestsCreateFlagsDeployGeneratedManifestsAndASecondRunChangesNothing() {
        ManifestFlags flags = new ManifestFlags();
        flags.model = "google/gemma-2-2b-it";
        flags.modelServer = "vllm";
        flags.accelerator = "nvidia-l4";
        List<HasMetadata> generated = flags.generate("llm", new PrintWriter(new StringWriter())).objects();
        api.serve(generated);
        String deployment = generated.stream().filter(o -> o.getKind().equals("Deployment")).findFirst().orElseThrow()
                .getMetadata().getName();
        String[] args = {"deploy", "--model", "google/gemma-2-2b-it", "--model-server", "vllm",
                "--accelerator-type", "nvidia-l4", "--kubeconfig", kubeconfig.toString()};

        assertThat(kiq(args)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("deployment.apps/" + deployment + " created")
                .contains("Applied " + generated.size() + " of " + generated.size() + " objects to namespace llm");

        out.getBuffer().setLength(0);
        assertThat(kiq(args)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Nothing changed: all " + generated.size() + " objects already match");
    }

    @Test
    void aFileAndManifestFlagsTogetherAreAUserError() {
        int code = kiq("deploy", "-f", manifests.toString(), "--model", "google/gemma-2-2b-it");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Give either -f FILE or the manifests-create flags");
    }

    @Test
    void neitherAFileNorAModelIsAUserError() {
        int code = kiq("deploy", "--kubeconfig", kubeconfig.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("needs -f FILE, or --model, --model-server and --accelerator-type");
    }

    @Test
    void anExecAuthPluginInTheKubeconfigIsRunForCredentialsAsKubectlDoes() throws Exception {
        Path plugin = dir.resolve("fake-gke-auth-plugin.sh");
        Files.writeString(plugin, """
                #!/bin/sh
                echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"exec-issued-token-7"}}'
                """);
        plugin.toFile().setExecutable(true);
        Path execConfig = dir.resolve("exec-kubeconfig");
        Files.writeString(execConfig, """
                apiVersion: v1
                kind: Config
                current-context: gke
                clusters:
                - name: gke
                  cluster:
                    server: %s
                contexts:
                - name: gke
                  context:
                    cluster: gke
                    user: gcloud
                    namespace: llm
                users:
                - name: gcloud
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: %s
                      interactiveMode: Never
                      provideClusterInfo: true
                """.formatted(api.url(), plugin));

        assertThat(kiq("status", "--kubeconfig", execConfig.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("(context gke)");
        assertThat(api.lastAuthorization()).isEqualTo("Bearer exec-issued-token-7");
    }

    /** The core's remedies reach the CLI in the CLI's words: its flags and commands (the wizard says them its way). */
    @Test
    void theCliSaysWhatToDoWithItsFlags() throws IOException {
        String[] base = {"deploy", "-f", manifests.toString(), "--kubeconfig", kubeconfig.toString()};
        assertThat(kiq(concat(base, "-n", "nowhere"))).isEqualTo(2);
        assertThat(err.toString()).contains("ERROR: The manifests put objects in namespace llm but --namespace is nowhere;"
                + " drop --namespace, or regenerate the manifests with --namespace nowhere.");

        err.getBuffer().setLength(0);
        Path anywhere = dir.resolve("anywhere.yaml");
        Files.writeString(anywhere, Files.readString(manifests).replaceAll("(?m)^ *namespace: \"?llm\"?\n", ""));
        String[] unplaced = {"deploy", "-f", anywhere.toString(), "--kubeconfig", kubeconfig.toString()};
        assertThat(kiq(concat(unplaced, "-n", "nowhere"))).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("ERROR: Namespace nowhere does not exist in context mock.")
                .contains("What to do: Pass --create-namespace to create it, or choose an existing one with --namespace.");


        out.getBuffer().setLength(0);
        assertThat(kiq(base)).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("Deploy again with --hf-token-from-env HF_TOKEN or --hf-token-stdin to create it.")
                .contains("Release vllm-gemma-2-2b-it: `kiq status -n llm` shows it, "
                        + "`kiq undeploy -n llm --release vllm-gemma-2-2b-it` removes it.");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void helpListsTheDeployVerbs() {
        kiq("--help");
        assertThat(out.toString()).contains("deploy").contains("undeploy").contains("status");
        out.getBuffer().setLength(0);
        kiq("deploy", "--help");
        assertThat(out.toString()).contains("--hf-token-from-env=VAR").contains("--hf-token-stdin")
                .contains("--dry-run").contains("--wait").contains("--timeout").contains("--create-namespace")
                .contains("--context").contains("--namespace");
    }

    static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }

    static Map<String, String> unused() {
        return Map.of();
    }
}
