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
        assertThat(problem.get().message()).isEqualTo("replicas must be a whole number, not \"lots\"")
                .doesNotContain("java.lang");
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                  - name: a
                    image: b
            """;

    /** Issue 11 defect 9: the line of the mistake (not the one after it), in plain words. */
    @Test
    void theOffendingLineInPlainWords() {
        var dedented = manifests.validate(DEPLOYMENT.replace("  replicas: 1", " replicas: 1")).orElseThrow();
        assertThat(dedented.line()).isEqualTo(6);
        var overIndented = manifests.validate(DEPLOYMENT.replace("  replicas: 1\n", "  replicas: 1\n    x: 2\n"))
                .orElseThrow();
        assertThat(overIndented.line()).isEqualTo(7);
        var unclosedQuote = manifests.validate(DEPLOYMENT.replace("name: vllm", "name: \"vllm")).orElseThrow();
        assertThat(unclosedQuote.line()).isEqualTo(4);
        var noColon = manifests.validate(DEPLOYMENT.replace("  name: vllm", "  name vllm")).orElseThrow();
        assertThat(noColon.line()).isEqualTo(4);
        assertThat(noColon.message()).startsWith("metadata must be a block of fields").doesNotContain("fabric8");
        var fraction = manifests.validate(DEPLOYMENT.replace("replicas: 1", "replicas: 1.5")).orElseThrow();
        assertThat(fraction.message()).isEqualTo("replicas must be a whole number, not \"1.5\"");
        assertThat(fraction.line()).isEqualTo(6);
    }

    @Test
    void aDocumentWithoutKindIsReported() {
        var problem = manifests.validate("metadata:\n  name: x\n");
        assertThat(problem).isPresent();
        assertThat(problem.get().line()).isEqualTo(1);
    }
}
