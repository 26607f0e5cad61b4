package dev.kiq.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bad files {@code bad-inputs.txt} refers to as {@code {d}/NAME}, plus a few good ones to pair them with. */
final class BadFixtures {

    private BadFixtures() {
    }

    private static final String CONFIG = """
            {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": %d, "num_attention_heads": %d,
             "num_key_value_heads": %d, "vocab_size": %d, "max_position_embeddings": 8192, "intermediate_size": 14336%s}
            """;

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:9"}
            contexts:
            - name: mock
              context: {cluster: c, user: u, namespace: default}
            current-context: mock
            users:
            - name: u
              user: {token: not-a-real-token}
            """;

    private static final String MANIFEST = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: kiq-bad-input
            data:
              a: b
            """;

    static void write(Path d) throws IOException {
        Files.writeString(d.resolve("plain.txt"), "a plain file where a folder is expected\n");
        Files.createDirectory(d.resolve("folder.yaml"));
        Files.writeString(d.resolve("not-json.json"), "this is { not json\n");
        Files.writeString(d.resolve("result.json"), "{\"not\": \"a benchmark result\"}\n");

        Files.writeString(d.resolve("config-ok.json"), config(32, 32, 8, 128256, ""));
        Files.writeString(d.resolve("config-zero-heads.json"), config(32, 0, 0, 128256, ""));
        Files.writeString(d.resolve("config-zero-layers.json"), config(0, 32, 8, 128256, ""));
        Files.writeString(d.resolve("config-zero-vocab.json"), config(32, 32, 8, 0, ""));
        Files.writeString(d.resolve("config-kv-above-heads.json"), config(32, 32, 64, 128256, ""));
        Files.writeString(d.resolve("config-kv-not-divisor.json"), config(32, 32, 5, 128256, ""));
        Files.writeString(d.resolve("config-zero-head-dim.json"), config(32, 32, 8, 128256, ", \"head_dim\": 0"));
        Files.writeString(d.resolve("config-no-hidden.json"), config(32, 32, 8, 128256, "").replace("\"hidden_size\": 4096, ", ""));
        Files.writeString(d.resolve("config-duplicate-key.json"), config(32, 32, 8, 128256, ", \"vocab_size\": 1000"));
        Files.writeString(d.resolve("config-long-line.json"), "{\"model_type\": \"" + "x".repeat(1_000_000) + "\"}");
        Files.writeString(d.resolve("config-experts.json").toAbsolutePath(), config(32, 32, 8, 32000,
                ", \"model_type\": \"mixtral\", \"num_local_experts\": 8, \"num_experts_per_tok\": 9").replace(
                "\"model_type\": \"llama\", ", ""));

        Files.writeString(d.resolve("kube-ok.yaml"), KUBECONFIG);
        Files.writeString(d.resolve("kube-malformed.yaml"), "apiVersion: v1\nkind: Config\nclusters: [ {name: \n");
        Files.writeString(d.resolve("kube-text.yaml"), "just some text\n");
        Files.writeString(d.resolve("kube-empty.yaml"), "apiVersion: v1\nkind: Config\n");
        Files.writeString(d.resolve("kube-long-line.yaml"), "apiVersion: v1\nkind: Config\npreferences: {x: "
                + "y".repeat(2_000_000) + "}\n");

        // ShareGPT-style datasets (issue 12): wrong shapes, nothing usable, too large (a sparse file)
        Files.writeString(d.resolve("dataset-object.json"), "{\"conversations\": []}\n");
        Files.writeString(d.resolve("dataset-numbers.json"), "[1, 2, 3]\n");
        Files.writeString(d.resolve("dataset-no-conversations.json"), "[{\"id\": \"a\", \"turns\": []}]\n");
        Files.writeString(d.resolve("dataset-unusable.json"), "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"},"
                + " {\"from\": \"gpt\", \"value\": \"hello\"}]}, {\"conversations\": []}]\n");
        Files.writeString(d.resolve("dataset-truncated.json"), "[{\"conversations\": [{\"from\": \"human\", \"value\": \"a\n");
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(d.resolve("dataset-huge.json").toFile(), "rw")) {
            huge.setLength((1L << 30) + 1);
        }

        Files.writeString(d.resolve("manifests.yaml"), MANIFEST);
        Files.writeString(d.resolve("manifests-malformed.yaml"), "apiVersion: v1\nkind: [ConfigMap\n");
        Files.writeString(d.resolve("manifests-empty.yaml"), "# nothing here\n");
        Files.writeString(d.resolve("manifests-long-line.yaml"), MANIFEST + "  c: " + "z".repeat(1_000_000) + "\n");
    }

    private static String config(int layers, int heads, int kvHeads, int vocab, String extra) {
        return CONFIG.formatted(layers, heads, kvHeads, vocab, extra);
    }
}
