package dev.kiq.ui.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import org.junit.jupiter.api.Test;

class CoreManifestsValidationTest {

    private final CoreManifests manifests = new CoreManifests(Catalog.bundled(),
            Recommendations.standard(Catalog.bundled()));

    private static final String GOOD = """
            apiVersion: v1
            kind: Service
            metadata:
              name: vllm-service
            spec:
              ports:
              - port: 8000
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              replicas: 1
            ---
            # a comment section
            # more
            """;

    @Test
    void validManifestsWithCommentsPass() {
        assertThat(manifests.validate(GOOD)).isEmpty();
    }

    @Test
    void aSyntaxErrorIsReportedAtItsLineInTheWholeText() {
        String bad = GOOD.replace("  replicas: 1", "  replicas: [1");
        var problem = manifests.validate(bad);
        assertThat(problem).isPresent();
        assertThat(problem.get().line()).isBetween(14, 16);
    }

    @Test
    void aWrongTypeIsReportedAtItsLine() {
        String bad = GOOD.replace("  replicas: 1", "  replicas: lots");
        var problem = manifests.validate(bad);
        assertThat(problem).isPresent();
        assertThat(problem.get().line()).isEqualTo(14);
        assertThat(problem.get().message()).contains("does not parse");
    }

    @Test
    void aDocumentWithoutKindIsReported() {
        var problem = manifests.validate("metadata:\n  name: x\n");
        assertThat(problem).isPresent();
        assertThat(problem.get().line()).isEqualTo(1);
    }
}
