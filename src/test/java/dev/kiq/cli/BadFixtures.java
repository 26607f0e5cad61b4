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

    /** A measured profile kiq calibrate --from accepts (one point of Meta-Llama-3-8B on an L4); its variants are not. */
    static final String MEASURED = """
            modelServerInfo:
              model: meta-llama/Meta-Llama-3-8B
              modelServer: vllm
              modelServerVersion: v0.19.1
            acceleratorType: nvidia-l4
            instanceType: g2-standard-8
            resourcesUsed:
              acceleratorCount: 1
            provenance:
              kind: measured
              tool: kiq-bench
              toolVersion: "1"
              date: 2026-12-01
              workload: sharegpt
            serverConfig:
              maxModelLen: 4096
              maxNumSeqs: 256
              maxNumBatchedTokens: 2048
              gpuMemoryUtilization: 0.9
            performanceStats:
            - queriesPerSecond: 1.0
              outputTokensPerSecond: 190.0
              inputTokensPerSecond: 220.0
              ntpotMilliseconds: 40.0
              ttftMilliseconds: 90.0
              itlMilliseconds: 38.0
              queueSize: 0
              batchSize: 8.0
              kvCacheUsage: 0.05
            """;

    /** One published point (a corpus file of profiles/published/'s schema) of a model in the catalog on one L4. */
    static final String CORPUS_FILE = """
            source: {publisher: a test, title: "bad input", url: "https://example.org/bad-input"}
            points:
              - id: p1
                model: meta-llama/Meta-Llama-3-8B
                accelerator: nvidia-l4
                count: 1
                server: {name: vllm, version: "0.19.1", engine: V1}
                workload:
                  dataset: random
                  inputTokens: {fixed: 256}
                  outputTokens: {fixed: 128}
                  arrival: {kind: concurrency, concurrency: 1}
                figures:
                  requestsPerSecond: 1.3
                  outputTokensPerSecond: 168
                reading: printed
                where: "a table"
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
        writeCalibrationInputs(d);
        writeDamagedCalibrations(d);
    }

    /**
     * kiq homes ({@code KIQ_HOME={d}/home-…} in bad-inputs.txt) whose calibration of the user's own (the factors.yaml of
     * kiq calibrate --from) cannot be read: a value that is not a number, a misspelt field, text that is not YAML.
     */
    private static void writeDamagedCalibrations(Path d) throws IOException {
        for (var e : java.util.Map.of(
                "home-factor-not-a-number", "# my calibration\nampere:\n  bandwidthFraction: banana\n",
                "home-factor-misspelt", "hopper:\n  f_bw: 0.8\n",
                "home-factors-not-yaml", "tpu: [\n").entrySet()) {
            Path calibration = Files.createDirectories(d.resolve(e.getKey()).resolve("calibration"));
            Files.writeString(calibration.resolve("factors.yaml"), e.getValue());
        }
    }

    /** The measured profiles of {@code kiq calibrate --from}, the corpus folders of {@code --corpus-dir}, result files to import. */
    private static void writeCalibrationInputs(Path d) throws IOException {
        measured(d, "measured-no-accelerator.yaml", "acceleratorType: nvidia-l4\n", "");
        measured(d, "measured-unknown-accelerator.yaml", "acceleratorType: nvidia-l4", "acceleratorType: nvidia-a999");
        measured(d, "measured-unknown-model.yaml", "model: meta-llama/Meta-Llama-3-8B", "model: nobody/NoSuchModel-7B");
        measured(d, "measured-rate-text.yaml", "queriesPerSecond: 1.0", "queriesPerSecond: fast");
        measured(d, "measured-malformed.yaml", "maxNumSeqs: 256", "maxNumSeqs: [256");
        measured(d, "measured-version.yaml", "modelServerVersion: v0.19.1", "modelServerVersion: banana");
        measured(d, "measured-three-gpus.yaml", "acceleratorCount: 1", "acceleratorCount: 3");
        measured(d, "measured-long-context.yaml", "maxModelLen: 4096", "maxModelLen: 100000");
        measured(d, "measured-no-memory.yaml", "model: meta-llama/Meta-Llama-3-8B", "model: meta-llama/Llama-3.3-70B-Instruct");
        measured(d, "measured-modeled.yaml", "kind: measured", "kind: modeled");
        measured(d, "measured-tgi.yaml", "modelServer: vllm", "modelServer: tgi");
        measured(d, "measured-unknown-release.yaml", "modelServerVersion: v0.19.1", "modelServerVersion: v0.99.3");
        measured(d, "measured-budget-below-seqs.yaml", "maxNumBatchedTokens: 2048", "maxNumBatchedTokens: 128");
        // v0.7.2 (V0) leaves chunked prefill off at maxModelLen 4096: the budget of 2048 is below it
        measured(d, "measured-v0-budget-below-context.yaml", "modelServerVersion: v0.19.1", "modelServerVersion: v0.7.2");
        // a good profile, a copy of it (its points given twice), and vLLM 0.7.2 on a TPU (no TPU build in the catalog)
        Files.writeString(d.resolve("measured-good.yaml"), MEASURED);
        Files.writeString(d.resolve("measured-copy.yaml"), MEASURED);
        Files.writeString(d.resolve("measured-tpu-v0.7.2.yaml"), MEASURED.replace("acceleratorType: nvidia-l4",
                "acceleratorType: tpu-v6e-slice\ntpuTopology: 1x1").replace("modelServerVersion: v0.19.1", "modelServerVersion: v0.7.2")
                .replace("g2-standard-8", "ct6e-standard-1t"));
        corpus(d, "corpus-no-accelerator", "    accelerator: nvidia-l4\n", "");
        corpus(d, "corpus-unknown-accelerator", "accelerator: nvidia-l4", "accelerator: nvidia-l5");
        corpus(d, "corpus-unknown-model", "model: meta-llama/Meta-Llama-3-8B", "model: nobody/NoSuchModel-7B");
        corpus(d, "corpus-rate-text", "requestsPerSecond: 1.3", "requestsPerSecond: fast");
        corpus(d, "corpus-malformed", "count: 1", "count: [1");
        corpus(d, "corpus-budget-below-seqs", "engine: V1}", "engine: V1, args: {max_num_seqs: 256, max_num_batched_tokens: 128}}");
        corpus(d, "corpus-v0-budget-below-context", "version: \"0.19.1\", engine: V1}", "version: \"0.6.3\", engine: V0, "
                + "args: {max_model_len: 4096, enable_chunked_prefill: false, max_num_batched_tokens: 2048}}");
        // calibrate --corpus's outputs: an accuracy.yaml that is a folder; the staged file an interrupted run left
        Files.writeString(d.resolve("docs-section.md"), dev.kiq.calibration.CalibrationFiles.DOCS_BEGIN + "\nold\n"
                + dev.kiq.calibration.CalibrationFiles.DOCS_END + "\n");
        Files.createDirectories(d.resolve("out-accuracy-folder").resolve(dev.kiq.calibration.CalibrationFiles.ACCURACY));
        Files.writeString(Files.createDirectory(d.resolve("out-interrupted")).resolve(".accuracy.yaml.kiq-staged"), "staged\n");
        // result files of vllm bench serve for kiq bench import: a figure as text (line 2), a figure missing
        String vllm = "{\"request_rate\": 1.0, \"duration\": 100.0, \"completed\": 10, \"median_ttft_ms\": 30.0,\n"
                + " \"output_throughput\": 200.0}\n";
        Files.writeString(d.resolve("vllm-text.json"), vllm.replace("200.0", "\"fast\""));
        Files.writeString(d.resolve("vllm-no-duration.json"), vllm.replace("\"duration\": 100.0, ", ""));
    }

    private static void measured(Path d, String name, String good, String bad) throws IOException {
        if (!MEASURED.contains(good)) {
            throw new IllegalStateException(name + ": the good profile has no " + good);
        }
        Files.writeString(d.resolve(name), MEASURED.replace(good, bad));
    }

    private static void corpus(Path d, String folder, String good, String bad) throws IOException {
        if (!CORPUS_FILE.contains(good)) {
            throw new IllegalStateException(folder + ": the good corpus file has no " + good);
        }
        Path dir = Files.createDirectory(d.resolve(folder));
        Files.writeString(dir.resolve("index.txt"), "bad.yaml\n");
        Files.writeString(dir.resolve("bad.yaml"), CORPUS_FILE.replace(good, bad));
    }

    private static String config(int layers, int heads, int kvHeads, int vocab, String extra) {
        return CONFIG.formatted(layers, heads, kvHeads, vocab, extra);
    }
}
