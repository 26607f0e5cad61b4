package dev.kiq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * With fabric8's HTTP logger at trace level, request bodies (and so Secret data) are logged. kiq's
 * clients replace that logger; this test shows both sides, so the guard cannot silently stop working.
 */
class ClusterHardeningTest {

    static final String TOKEN = "hf_hardeningProbeToken_0123456789abcdef";
    static final String B64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));

    String applySecretWithTraceLogging(Consumer<KubernetesClientBuilder> customize) {
        try (FakeApiServer api = new FakeApiServer();
                LogCapture capture = new LogCapture(Level.ALL, "io.fabric8")) {
            api.serve("/api/v1/namespaces/llm/secrets/hf-secret");
            KubernetesClientBuilder b = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                    .withMasterUrl(api.url()).withRequestRetryBackoffLimit(0).build());
            customize.accept(b);
            try (KubernetesClient client = b.build()) {
                Secret s = new SecretBuilder().withNewMetadata().withName("hf-secret").withNamespace("llm").endMetadata()
                        .addToData("hf_api_token", B64).build();
                client.resource(s).fieldManager("kiq").forceConflicts().serverSideApply();
            }
            return capture.text();
        }
    }

    @Test
    void aPlainFabric8ClientAtTraceLevelLogsTheSecretBody() {
        assertThat(applySecretWithTraceLogging(b -> { })).contains(B64);
    }

    @Test
    void kiqsHardenedClientDoesNotEvenAtTraceLevel() {
        String logged = applySecretWithTraceLogging(ClusterConnection::harden);
        assertThat(logged).doesNotContain(B64).doesNotContain(TOKEN);
    }
}
