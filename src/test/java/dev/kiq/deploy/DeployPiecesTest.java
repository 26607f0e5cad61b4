package dev.kiq.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of a deploy that need no cluster: how an API failure is classified (by its HTTP status as the
 * Kubernetes API conventions define them), the release-name rule (RFC 1123 label), what the report says, how
 * the token is redacted, the kubeconfig's contexts, and cancelling.
 */
class DeployPiecesTest {

    private final ProblemClassifier classifier = new ProblemClassifier("gke_p_z_c", "https://10.0.0.1", TestWording.INSTANCE);

    private static KubernetesClientException http(int code, String message) {
        Status status = new StatusBuilder().withCode(code).withMessage(message).build();
        return new KubernetesClientException(message, code, status);
    }

    private Problem classify(Throwable t) {
        return classifier.classify(t, "patch", "deployments.apps \"vllm\"", Optional.of("llm"));
    }

    @Test
    void httpStatusesMapToTheirKinds() {
        assertThat(classify(http(401, "Unauthorized")).kind()).isEqualTo(ProblemKind.UNAUTHORIZED);
        assertThat(classify(http(403, "deployments.apps is forbidden: User \"x\" cannot patch")).kind())
                .isEqualTo(ProblemKind.FORBIDDEN);
        assertThat(classify(http(403, "forbidden: exceeded quota: gpu-quota, requested: nvidia.com/gpu=2")).kind())
                .isEqualTo(ProblemKind.QUOTA_EXCEEDED);
        // an anonymous user is refused for missing credentials, not for missing rights
        assertThat(classify(http(403, "User \"system:anonymous\" cannot get path \"/\"")).kind())
                .isEqualTo(ProblemKind.UNAUTHORIZED);
        assertThat(classify(http(404, "namespaces \"llm\" not found")).kind()).isEqualTo(ProblemKind.NOT_FOUND);
        assertThat(classify(http(409, "Apply failed with 1 conflict")).kind()).isEqualTo(ProblemKind.CONFLICT);
        assertThat(classify(http(422, "spec.replicas: Invalid value: -1")).kind()).isEqualTo(ProblemKind.INVALID);
        assertThat(classify(http(400, "bad request")).kind()).isEqualTo(ProblemKind.INVALID);
        assertThat(classify(http(415, "unsupported media type")).kind()).isEqualTo(ProblemKind.SERVER_ERROR);
        assertThat(classify(http(500, "etcd leader changed")).kind()).isEqualTo(ProblemKind.SERVER_ERROR);
        assertThat(classify(http(503, "unavailable")).kind()).isEqualTo(ProblemKind.SERVER_ERROR);
        assertThat(classify(http(429, "too many requests")).kind()).isEqualTo(ProblemKind.OTHER);
        assertThat(classify(http(499, "client closed")).kind()).isEqualTo(ProblemKind.OTHER);
    }

    @Test
    void messagesNameTheVerbTheTargetTheNamespaceAndTheServersWords() {
        Problem forbidden = classify(http(403, "User \"x\" cannot patch"));
        assertThat(forbidden.message()).isEqualTo("You are not allowed to patch deployments.apps \"vllm\" in namespace llm in"
                + " context gke_p_z_c. The API server said: User \"x\" cannot patch");
        assertThat(forbidden.remedy()).contains("`kubectl auth can-i patch deployments.apps -n llm`");
        Problem quota = classify(http(403, "exceeded quota: q"));
        assertThat(quota.message()).isEqualTo("A resource quota in namespace llm refused to patch deployments.apps \"vllm\": exceeded quota: q");
        assertThat(quota.remedy()).contains("`kubectl describe resourcequota -n llm`");
        assertThat(classify(http(500, "boom")).message())
                .isEqualTo("The API server failed (HTTP 500) while trying to patch deployments.apps \"vllm\" in namespace llm: boom");
        assertThat(classify(http(429, "slow down")).message())
                .isEqualTo("Could not patch deployments.apps \"vllm\" in namespace llm (HTTP 429): slow down");
        assertThat(classify(http(401, "token expired")).message()).contains("context gke_p_z_c were rejected")
                .contains("(token expired)");
        Problem clusterScoped = classifier.classify(http(403, "no"), "list", "nodes", Optional.empty());
        assertThat(clusterScoped.message()).isEqualTo("You are not allowed to list nodes in context gke_p_z_c. The API server said: no");
        assertThat(clusterScoped.remedy()).contains("`kubectl auth can-i list nodes`");
    }

    @Test
    void aStatusWithoutMessageFallsBackToItsReasonThenToTheCode() {
        Status reasonOnly = new StatusBuilder().withCode(409).withReason("AlreadyExists").build();
        assertThat(classify(new KubernetesClientException("x", 409, reasonOnly)).message()).endsWith(": AlreadyExists");
        Status blank = new StatusBuilder().withCode(409).withMessage(" ").withReason("Conflict").build();
        assertThat(classify(new KubernetesClientException("x", 409, blank)).message()).endsWith(": Conflict");
        assertThat(classify(new KubernetesClientException("x", 409, null)).message()).endsWith(": HTTP 409");
    }

    @Test
    void networkFailuresAreUnreachableOrTimeoutsWhereverTheyAreInTheChain() {
        Problem refused = classify(new KubernetesClientException("failed", new IOException("io", new ConnectException("Connection refused"))));
        assertThat(refused.kind()).isEqualTo(ProblemKind.UNREACHABLE);
        assertThat(refused.message()).isEqualTo("Cannot reach the API server https://10.0.0.1 of context gke_p_z_c"
                + " (Connection refused).");
        assertThat(classify(new UnknownHostException("cluster.example")).kind()).isEqualTo(ProblemKind.UNREACHABLE);
        // no Java class names: the wizard shows the message as it is
        assertThat(classify(new UnknownHostException("cluster.example")).message()).endsWith(" (unknown host cluster.example).");
        assertThat(classify(new java.net.NoRouteToHostException()).message()).endsWith(" (no route to host).");
        assertThat(classify(new KubernetesClientException("failed", new SocketTimeoutException("read"))).kind())
                .isEqualTo(ProblemKind.TIMEOUT);
        assertThat(classify(new KubernetesClientException("failed", new TimeoutException())).kind()).isEqualTo(ProblemKind.TIMEOUT);
        assertThat(classify(new RuntimeException("request Timed Out after 10s")).kind()).isEqualTo(ProblemKind.TIMEOUT);
        Problem timeout = classify(new RuntimeException("x", new RuntimeException("a timeout")));
        assertThat(timeout.kind()).isEqualTo(ProblemKind.TIMEOUT);
        assertThat(timeout.message()).isEqualTo("The API server https://10.0.0.1 did not answer in time while trying to patch"
                + " deployments.apps \"vllm\" in namespace llm.");
        // a server that answered is not a timeout, even if its message says so
        assertThat(classify(http(504, "Timeout: request did not complete")).kind()).isEqualTo(ProblemKind.SERVER_ERROR);
        Problem tls = classify(new KubernetesClientException("x", new SSLHandshakeException("PKIX path building failed")));
        assertThat(tls.kind()).isEqualTo(ProblemKind.UNREACHABLE);
        assertThat(tls.message()).isEqualTo("The TLS handshake with https://10.0.0.1 failed: PKIX path building failed");
        Problem other = classify(new IllegalStateException("odd"));
        assertThat(other.kind()).isEqualTo(ProblemKind.OTHER);
        assertThat(other.message()).isEqualTo("Could not patch deployments.apps \"vllm\" in namespace llm: IllegalStateException: odd");
        assertThat(classify(new IllegalStateException()).message()).endsWith(": IllegalStateException");
    }

    @Test
    void releaseNamesAreRfc1123LabelsOfAtMost63Characters() {
        for (String ok : List.of("a", "0", "gemma-prod", "a-b-c", "a".repeat(63))) {
            assertThat(KiqLabels.checkRelease(ok)).isEqualTo(ok);
        }
        for (String bad : List.of("", "-a", "a-", "A", "a_b", "a.b", "a".repeat(64))) {
            assertThatThrownBy(() -> KiqLabels.checkRelease(bad)).as(bad).isInstanceOf(KiqException.class)
                    .hasMessageStartingWith("--release " + bad + " is not a valid release name");
        }
        assertThatThrownBy(() -> KiqLabels.checkRelease(null)).isInstanceOf(KiqException.class);
        assertThat(KiqLabels.managedSelector()).isEqualTo("app.kubernetes.io/managed-by=kiq");
        assertThat(DeployRequest.of(List.of()).asRelease("r1").release()).contains("r1");
    }

    @Test
    void objectsAreNamedAsKubectlPrintsThem() {
        var cm = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("n").endMetadata().build();
        assertThat(ObjectRef.of(cm).toString()).isEqualTo("configmap/c");
        assertThat(ObjectRef.of(cm).namespace()).contains("n");
        assertThat(new ObjectRef("apps/v1", "Deployment", Optional.empty(), "vllm").toString()).isEqualTo("deployment.apps/vllm");
        assertThat(new ObjectRef("monitoring.googleapis.com/v1", "PodMonitoring", Optional.empty(), "m").group())
                .isEqualTo("monitoring.googleapis.com");
        assertThat(new ObjectRef("v1", "Service", Optional.empty(), "s").group()).isEmpty();
    }

    private static DeployReport report(boolean dryRun, List<DeployReport.ObjectResult> objects, Optional<Problem> failure,
            List<PreflightFinding> warnings) {
        return new DeployReport("ctx", "llm", "rel", dryRun, objects, warnings, failure, false,
                TestWording.INSTANCE.releaseFollowUp("llm", "rel"));
    }

    private static DeployReport.ObjectResult result(String name, ApplyOutcome outcome) {
        return new DeployReport.ObjectResult(new ObjectRef("apps/v1", "Deployment", Optional.of("llm"), name), outcome);
    }

    @Test
    void theSummaryCountsEachOutcomeAndSaysHowToSeeAndRemoveTheRelease() {
        DeployReport mixed = report(false, List.of(result("a", ApplyOutcome.CREATED), result("b", ApplyOutcome.CONFIGURED),
                result("c", ApplyOutcome.UNCHANGED), result("d", ApplyOutcome.CREATED), result("e", ApplyOutcome.SKIPPED)),
                Optional.empty(), List.of(PreflightFinding.missing("crd:X", "no X", "install X")));
        assertThat(mixed.summary()).isEqualTo("Applied 4 of 5 objects to namespace llm (created 2, configured 1, unchanged 1)."
                + "\n  Skipped: deployment.apps/e"
                + "\n  1 warning above."
                + "\n  Release rel: <releaseFollowUp llm rel>");
        assertThat(mixed.succeeded()).isTrue();
        assertThat(mixed.nothingChanged()).isFalse();
        assertThat(mixed.applied()).hasSize(4);
        assertThat(mixed.notApplied()).extracting(ObjectRef::name).containsExactly("e");

        DeployReport same = report(false, List.of(result("a", ApplyOutcome.UNCHANGED), result("b", ApplyOutcome.UNCHANGED)),
                Optional.empty(), List.of());
        assertThat(same.nothingChanged()).isTrue();
        assertThat(same.summary()).startsWith("Nothing changed: all 2 objects already match the manifests in namespace llm.")
                .doesNotContain("warning");
        assertThat(report(false, List.of(), Optional.empty(), List.of()).nothingChanged()).isFalse();

        Problem p = new Problem(ProblemKind.SERVER_ERROR, "boom", "retry");
        DeployReport failed = report(false, List.of(result("a", ApplyOutcome.CREATED), result("b", ApplyOutcome.NOT_APPLIED)),
                Optional.of(p), List.of());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.summary()).isEqualTo("Deploy failed in namespace llm.\n  Applied: deployment.apps/a"
                + "\n  Not applied: deployment.apps/b");
        assertThat(report(false, List.of(result("b", ApplyOutcome.FAILED)), Optional.of(p), List.of()).summary())
                .contains("Applied: none");
        assertThat(report(true, List.of(), Optional.empty(), List.of()).summary())
                .isEqualTo("Dry run passed in namespace llm; nothing was changed on the cluster.");
        assertThat(report(true, List.of(), Optional.of(p), List.of()).summary()).startsWith("Dry run failed");
    }

    @Test
    void stoppingTheRolloutWatchSaysWhatIsAppliedAndThatWatchingStoppedNotThatTheDeployFailed() {
        Problem stopped = new Problem(ProblemKind.CANCELLED, "Stopped watching the rollout; it goes on in the cluster.", "");
        DeployReport watching = report(false, List.of(result("a", ApplyOutcome.CREATED), result("b", ApplyOutcome.UNCHANGED),
                result("m", ApplyOutcome.SKIPPED)), Optional.of(stopped), List.of());
        assertThat(watching.cancelled()).isTrue();
        assertThat(watching.stoppedWatching()).isTrue();
        assertThat(watching.summary()).isEqualTo("Applied 2 of 3 objects to namespace llm (created 1, configured 0, unchanged 1)."
                + "\n  Skipped: deployment.apps/m"
                + "\n  Stopped watching the rollout; it goes on in the cluster."
                + "\n  Release rel: <releaseFollowUp llm rel>");
        assertThat(new DeployEvent.Finished(watching).tone()).isEqualTo(DeployEvent.Tone.WARNING);
        assertThat(new DeployEvent.Failed(stopped).tone()).isEqualTo(DeployEvent.Tone.WARNING);
        assertThat(new DeployEvent.Failed(stopped).describe()).doesNotContain("ERROR");
        // cancelled before every object was applied: what is and is not applied
        DeployReport early = report(false, List.of(result("a", ApplyOutcome.CREATED), result("b", ApplyOutcome.NOT_APPLIED)),
                Optional.of(stopped), List.of());
        assertThat(early.stoppedWatching()).isFalse();
        assertThat(early.summary()).isEqualTo("Deploy cancelled in namespace llm.\n  Applied: deployment.apps/a"
                + "\n  Not applied: deployment.apps/b");
        assertThat(new DeployEvent.Finished(early).tone()).isEqualTo(DeployEvent.Tone.WARNING);
        Problem boom = new Problem(ProblemKind.SERVER_ERROR, "boom", "retry");
        assertThat(new DeployEvent.Finished(report(false, List.of(result("a", ApplyOutcome.CREATED)), Optional.of(boom),
                List.of())).tone()).isEqualTo(DeployEvent.Tone.ERROR);
    }

    @Test
    void outcomesSayWhatHappenedOrWouldHappen() {
        assertThat(ApplyOutcome.CREATED.describe(false)).isEqualTo("created");
        assertThat(ApplyOutcome.CREATED.describe(true)).isEqualTo("would be created");
        assertThat(List.of(ApplyOutcome.values())).filteredOn(ApplyOutcome::isApplied)
                .containsExactly(ApplyOutcome.CREATED, ApplyOutcome.CONFIGURED, ApplyOutcome.UNCHANGED);
    }

    @Test
    void eventsDescribeThemselvesInOneLine() {
        ObjectRef d = new ObjectRef("apps/v1", "Deployment", Optional.of("llm"), "vllm");
        assertThat(new DeployEvent.Connected("ctx", "https://s", "llm").describe()).isEqualTo("Context ctx (https://s), namespace llm");
        assertThat(new DeployEvent.DryRunChecked(d, ApplyOutcome.CREATED).describe()).isEqualTo("Dry run: deployment.apps/vllm would be created");
        assertThat(new DeployEvent.ObjectApplied(d, ApplyOutcome.CONFIGURED).describe()).isEqualTo("deployment.apps/vllm configured");
        assertThat(new DeployEvent.PodScheduled("p", "n1").describe()).isEqualTo("Pod p scheduled on node n1");
        assertThat(new DeployEvent.PodWaiting("p", "scale-up").describe()).isEqualTo("Pod p waiting: scale-up");
        assertThat(new DeployEvent.PodWaiting("p", "x").tone()).isEqualTo(DeployEvent.Tone.WARNING);
        assertThat(new DeployEvent.ImagePulling("p", "img").describe()).isEqualTo("Pod p pulling image img");
        assertThat(new DeployEvent.ImagePulled("p", "img").describe()).isEqualTo("Pod p pulled image img");
        assertThat(new DeployEvent.ContainerStarted("p", "c").describe()).isEqualTo("Pod p container c started");
        assertThat(new DeployEvent.ModelLoading("p", Optional.of("Loading weights")).describe()).isEqualTo("Pod p loading the model: Loading weights");
        assertThat(new DeployEvent.ModelLoading("p", Optional.empty()).describe()).isEqualTo("Pod p loading the model");
        assertThat(new DeployEvent.PodReady("p").tone()).isEqualTo(DeployEvent.Tone.DONE);
        assertThat(new DeployEvent.RolloutComplete("vllm", 2, Duration.ofSeconds(95)).describe())
                .isEqualTo("Deployment vllm ready: 2 replicas after 95 s");
        assertThat(new DeployEvent.PreflightChecked(PreflightFinding.ok("c", "fine")).describe()).isEqualTo("Check passed: fine");
        assertThat(new DeployEvent.PreflightChecked(PreflightFinding.missing("c", "gone.", "add it.")).describe())
                .isEqualTo("WARNING: gone. add it.");
        Problem p = new Problem(ProblemKind.CRASH_LOOP, "crashed", "look at the logs", List.of("line 1", "line 2"));
        assertThat(new DeployEvent.Failed(p).describe()).isEqualTo("ERROR: crashed\n  What to do: look at the logs\n  | line 1\n  | line 2");
        assertThat(new DeployEvent.Failed(new Problem(ProblemKind.OTHER, "x", "")).describe()).isEqualTo("ERROR: x");
        DeployReport ok = report(false, List.of(result("a", ApplyOutcome.CREATED)), Optional.empty(), List.of());
        assertThat(new DeployEvent.Finished(ok).tone()).isEqualTo(DeployEvent.Tone.DONE);
        assertThat(new DeployEvent.Finished(ok).describe()).isEqualTo(ok.summary());
        assertThat(new DeployEvent.Connected("c", "s", "n").tone()).isEqualTo(DeployEvent.Tone.INFO);
    }

    @Test
    void theTokenIsTrimmedRedactedInBothFormsAndWiped() {
        char[] typed = "  hf_abc123\n".toCharArray();
        HfToken token = HfToken.of(typed);
        // base64 of "hf_abc123" is aGZfYWJjMTIz
        assertThat(token.secretDataValue()).isEqualTo("aGZfYWJjMTIz");
        assertThat(token.redact("a hf_abc123 b aGZfYWJjMTIz c hf_abc123")).isEqualTo("a **** b **** c ****");
        assertThat(token.redact("nothing here")).isEqualTo("nothing here");
        assertThat(token.redact(null)).isNull();
        assertThat(token.appearsIn("xxhf_abc123")).isTrue();
        assertThat(token.appearsIn("aGZfYWJjMTIz")).isTrue();
        assertThat(token.appearsIn("hf_abc12")).isFalse();
        assertThat(token.toString()).isEqualTo("HfToken[****]").doesNotContain("abc");
        token.close();
        assertThat(token.secretDataValue()).doesNotContain("aGZf");
        assertThatThrownBy(() -> HfToken.of(" \t".toCharArray())).isInstanceOf(KiqException.class)
                .hasMessageContaining("The Hugging Face token is empty");
        assertThat(HfToken.of("x".toCharArray()).redact("x")).isEqualTo("****");
    }

    @Test
    void theContextIsTheChosenOneOrTheCurrentOneAndUnknownNamesListTheValidOnes(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                current-context: b
                clusters:
                - name: c1
                  cluster: {server: "https://10.0.0.1"}
                users:
                - name: u1
                  user: {token: "t"}
                contexts:
                - name: b
                  context: {cluster: c1, user: u1, namespace: llm}
                - name: a
                  context: {cluster: c1, user: u1}
                """);
        KubeConfigView view = KubeConfigView.load(Optional.of(config), TestWording.INSTANCE);
        assertThat(view.files()).containsExactly(config.toString());
        assertThat(view.currentContext()).contains("b");
        assertThat(view.resolve(Optional.empty()).name()).isEqualTo("b");
        assertThat(view.resolve(Optional.empty()).namespace()).contains("llm");
        assertThat(view.resolve(Optional.of("a")).namespace()).isEmpty();
        assertThat(view.resolve(Optional.of("a")).effectiveNamespace()).isEqualTo("default");
        assertThat(view.resolve(Optional.empty()).effectiveNamespace()).isEqualTo("llm");
        assertThat(view.resolve(Optional.of("a")).user()).isEqualTo("u1");
        assertThat(view.resolve(Optional.of("a")).cluster()).isEqualTo("c1");
        assertThatThrownBy(() -> view.resolve(Optional.of("zz"))).isInstanceOf(KiqException.class)
                .hasMessage("The kube context zz is not in the kubeconfig; valid contexts: a, b.");
        KubeConfigView noCurrent = new KubeConfigView(view.contexts(), Optional.empty(), view.files());
        assertThatThrownBy(() -> noCurrent.resolve(Optional.empty())).hasMessage(
                "The kubeconfig has no current context; pass --context with one of: a, b.");
        assertThatThrownBy(() -> new KubeConfigView(List.of(), Optional.empty(), List.of()).resolve(Optional.empty()))
                .hasMessageStartingWith("No kube context found in ~/.kube/config;");
        assertThatThrownBy(() -> KubeConfigView.load(Optional.of(dir.resolve("missing")), TestWording.INSTANCE))
                .hasMessageStartingWith("The kubeconfig file " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void aMalformedKubeconfigNamesTheLineButNeverQuotesIt() {
        KiqException e = KubeConfigView.malformed(List.of("/k"),
                new RuntimeException("outer", new RuntimeException("while parsing at line 7, column 3: token: s3cr3t")),
                TestWording.INSTANCE);
        assertThat(e.getMessage()).isEqualTo("The kubeconfig file /k is not a valid kubeconfig (YAML error at line 7);"
                + " <fixKubeconfig>.");
        assertThat(KubeConfigView.malformed(List.of("/a", "/b"), new RuntimeException("bad"), TestWording.INSTANCE).getMessage())
                .startsWith("The kubeconfig file /a, /b is not a valid kubeconfig;");
    }

    @Test
    @Timeout(10)
    void aCancelledTokenWakesASleeperAndAPollingTokenFollowsItsFlag() {
        CancelToken token = new CancelToken();
        assertThat(token.isCancelled()).isFalse();
        assertThat(token.sleep(Duration.ofMillis(30))).isFalse();
        token.cancel();
        assertThat(token.isCancelled()).isTrue();
        long start = System.nanoTime();
        assertThat(token.sleep(Duration.ofMinutes(10))).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());

        AtomicBoolean flag = new AtomicBoolean();
        CancelToken polling = CancelToken.polling(flag::get);
        assertThat(polling.isCancelled()).isFalse();
        flag.set(true);
        assertThat(polling.isCancelled()).isTrue();
        flag.set(false);
        assertThat(polling.isCancelled()).as("once cancelled, always cancelled").isTrue();
        assertThat(new CancelToken().sleep(Duration.ZERO)).isFalse();
    }

    @Test
    void requestBuildersChangeOnlyTheirOwnField() {
        DeployRequest base = DeployRequest.of(List.of());
        assertThat(base.timeout()).isEqualTo(Duration.ofMinutes(20));
        DeployRequest all = base.inNamespace("n").creatingNamespace(true).asDryRun(true).waiting(Duration.ofMinutes(3))
                .forcingConflicts(true).asRelease("r");
        assertThat(all.namespace()).contains("n");
        assertThat(all.createNamespace()).isTrue();
        assertThat(all.dryRun()).isTrue();
        assertThat(all.waitForRollout()).isTrue();
        assertThat(all.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(all.forceConflicts()).isTrue();
        assertThat(all.release()).contains("r");
        HfToken token = HfToken.of("hf_x".toCharArray());
        DeployRequest withToken = all.withToken(token);
        assertThat(withToken.hfToken()).containsSame(token);
        assertThat(withToken.namespace()).contains("n");
        assertThat(withToken.createNamespace() && withToken.dryRun() && withToken.waitForRollout() && withToken.forceConflicts()).isTrue();
        assertThat(withToken.release()).contains("r");
    }
}
