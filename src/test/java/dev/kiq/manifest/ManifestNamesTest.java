package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Object names, label values and GCS bucket URIs against the published rules: Kubernetes' DNS-1123 label
 * ({@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, at most 63 characters) and label value ({@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]},
 * at most 63), and Cloud Storage's bucket names (3 to 222 characters of lowercase letters, digits, '-', '_'
 * and '.', starting and ending with a letter or digit).
 */
class ManifestNamesTest {

    private static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String LABEL_VALUE = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    private static final List<String> MODEL_IDS = List.of(
            "google/gemma-2-27b-it",
            "meta-llama/Llama-3.3-70B-Instruct",
            "mistralai/Mixtral-8x22B-Instruct-v0.1",
            "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
            "Qwen/Qwen2.5-Coder-32B-Instruct-GPTQ-Int4",
            "just-a-local-name",
            "org/__weird__..name--with___many.separators__",
            "someone/" + "a-very-long-model-name-that-goes-on-and-on-well-past-any-kubernetes-limit-v2.1-instruct");

    @Test
    void everyBaseNameIsADnsLabelShortEnoughForSuffixes() {
        for (String id : MODEL_IDS) {
            String base = ResourceNames.base(id, "vLLM");
            assertThat(base).as(id).matches(DNS_1123_LABEL);
            // room for "-hpa", "-monitoring" and the like within the 63-character limit
            assertThat(base.length()).as(id).isLessThanOrEqualTo(40);
            assertThat(base).as(id).endsWith("vllm").doesNotContain("--");
        }
    }

    @Test
    void aBaseNameIsTheModelsShortNameLowercasedThenTheServer() {
        assertThat(ResourceNames.base("google/gemma-2-27b-it", "vllm")).isEqualTo("gemma-2-27b-it-vllm");
        assertThat(ResourceNames.base("mistralai/Mixtral-8x22B-Instruct-v0.1", "vllm"))
                .isEqualTo("mixtral-8x22b-instruct-v0-1-vllm");
        assertThat(ResourceNames.base("org/__weird__..name", "Jet Stream")).isEqualTo("weird-name-jet-stream");
        // too long: the end is kept (it tells variants apart) and no leading '-' is left by the cut
        String longBase = ResourceNames.base("x/" + "a".repeat(30) + "-b-" + "c".repeat(20), "vllm");
        // "aaa…a-b-ccc…c-vllm" is 30 + 3 + 20 + 5 = 58 characters; its last 40 keep 12 of the 30 a's
        assertThat(longBase).isEqualTo("a".repeat(12) + "-b-" + "c".repeat(20) + "-vllm");
        // 30 a's, '-', 34 c's, "-vllm": the last 40 characters start with the '-', which is dropped
        assertThat(ResourceNames.base("x/" + "a".repeat(30) + "-" + "c".repeat(34), "vllm"))
                .isEqualTo("c".repeat(34) + "-vllm");
    }

    @Test
    void everyLabelValueIsValidAndKeepsTheModelsCase() {
        for (String id : MODEL_IDS) {
            String value = ResourceNames.labelValue(id);
            assertThat(value).as(id).matches(LABEL_VALUE);
            assertThat(value.length()).as(id).isLessThanOrEqualTo(63);
        }
        assertThat(ResourceNames.labelValue("meta-llama/Llama-3.3-70B-Instruct")).isEqualTo("Llama-3.3-70B-Instruct");
        assertThat(ResourceNames.labelValue("org/__weird__..name--")).isEqualTo("weird__..name");
        assertThat(ResourceNames.labelValue("a/b c")).isEqualTo("b-c");
        // 70 characters are cut to the first 63
        assertThat(ResourceNames.labelValue("x/" + "m".repeat(70))).isEqualTo("m".repeat(63));
    }

    @Test
    void aBucketUriNamesTheBucketAndTheFolderToMount() {
        GcsBucket b = GcsBucket.parse("gs://my-bucket/models/gemma-2-27b-it/");
        assertThat(b.bucket()).isEqualTo("my-bucket");
        assertThat(b.path()).isEqualTo("models/gemma-2-27b-it");
        assertThat(b.uri()).isEqualTo("gs://my-bucket/models/gemma-2-27b-it");
        assertThat(b.volumeAttributes()).containsExactly(Map.entry("bucketName", "my-bucket"),
                Map.entry("mountOptions", "implicit-dirs,only-dir=models/gemma-2-27b-it"));

        GcsBucket whole = GcsBucket.parse("gs://weights.example_1");
        assertThat(whole.path()).isEmpty();
        assertThat(whole.uri()).isEqualTo("gs://weights.example_1");
        assertThat(whole.volumeAttributes()).containsEntry("mountOptions", "implicit-dirs");
    }

    @Test
    void bucketNamesFollowCloudStoragesRules() {
        assertThat(GcsBucket.parse("gs://abc").bucket()).isEqualTo("abc");                 // 3 characters: the least
        assertThat(GcsBucket.parse("gs://" + "a".repeat(222)).bucket()).hasSize(222);    // the most
        for (String bad : List.of("gs://ab", "gs://" + "a".repeat(223), "gs://My-Bucket", "gs://-bucket", "gs://bucket-",
                "gs://", "gs:///path", "gs://buck et")) {
            assertThatThrownBy(() -> GcsBucket.parse(bad)).as(bad).isInstanceOf(KiqException.class)
                    .hasMessageContaining("no valid bucket name").hasMessageContaining(bad);
        }
        for (String bad : List.of("s3://bucket/x", "https://storage.googleapis.com/bucket", "bucket/path", "GS://bucket")) {
            assertThatThrownBy(() -> GcsBucket.parse(bad)).as(bad).isInstanceOf(KiqException.class)
                    .hasMessageContaining("must start with gs://");
        }
    }
}
