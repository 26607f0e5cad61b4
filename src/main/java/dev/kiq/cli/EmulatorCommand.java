package dev.kiq.cli;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.ServingSetup;
import dev.kiq.perf.Workload;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiq emulator}: an OpenAI-compatible server timed by the performance model, for trying kiq without a GPU. */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve an OpenAI-compatible API (/v1/completions, /v1/chat/completions, /v1/models, /health, /metrics) "
                + "whose token timing comes from the performance model's vLLM engine running in real time.",
                "Runs until Ctrl-C."})
final class EmulatorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Catalog model id, e.g. deepseek-ai/DeepSeek-R1-Distill-Qwen-7B.")
    String model;

    @Option(names = "--accelerator-type", required = true, paramLabel = "TYPE", description = "e.g. nvidia-h100-80gb.")
    String acceleratorType;

    @Option(names = "--accelerator-count", paramLabel = "N", description = "Default: the smallest count that fits the model.")
    Integer acceleratorCount;

    @Option(names = "--model-server-version", paramLabel = "V", description = "vLLM version to emulate (default: the catalog's latest).")
    String modelServerVersion;

    @Option(names = "--port", defaultValue = "8000", description = "Default ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Default ${DEFAULT-VALUE}; 0.0.0.0 to serve other machines.")
    String host;

    @Option(names = "--served-model-name", description = "Name clients use (default: the model id).")
    String servedModelName;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "X",
            description = "Run X times faster than the modeled hardware (for quick tests; bench with the same --time-scale).")
    double timeScale;

    @Option(names = "--max-body-size", defaultValue = "4MiB", paramLabel = "SIZE",
            description = "Longest request body served, e.g. 512KiB or 16MiB (default ${DEFAULT-VALUE}); a longer one gets 413"
                    + " without being read into memory.")
    String maxBodySize;

    /** Largest --max-body-size: an accepted body is held in memory whole. */
    static final long MAX_BODY_LIMIT = 1L << 30;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!(timeScale > 0)) {
            throw new dev.kiq.KiqException("--time-scale must be positive, got " + timeScale + ".");
        }
        if (port < 0 || port > 65535) {
            throw new dev.kiq.KiqException("--port " + port + " is not valid; give a TCP port from 1 to 65535"
                    + " (0 picks a free one).");
        }
        long maxBodyBytes = SizeParser.parse(maxBodySize, "--max-body-size", 1024, MAX_BODY_LIMIT);
        EmulatedReplica replica = EmulatedReplica.resolve(Catalog.bundled(), model, acceleratorType,
                acceleratorCount == null ? OptionalInt.empty() : OptionalInt.of(acceleratorCount),
                Optional.ofNullable(modelServerVersion));
        ServingSetup setup = replica.setup();
        Workload workload = Workload.shareGpt();
        SplittableRandom random = new SplittableRandom(42);
        String served = servedModelName != null ? servedModelName : replica.model().id();
        EmulatorServer server = new EmulatorServer(new EmulatorServer.Config(served, replica.version().version(),
                replica.version().metrics(), setup.maxModelLen(), timeScale, host, port,
                () -> workload.output().sample(random), maxBodyBytes), new PerfBatchEngine(setup.newEngine()));
        int bound = server.start();
        out.printf(Locale.ROOT, "kiq emulator: %s on %d x %s as vLLM %s%s%n", replica.model().id(), replica.acceleratorCount(),
                replica.accelerator().id(), replica.version().version(), timeScale == 1 ? "" : ", " + timeScale + "x real time");
        out.printf(Locale.ROOT, "  max_model_len %d, max_num_seqs %d, max_num_batched_tokens %d, chunked prefill %s, KV cache %d tokens%n",
                setup.maxModelLen(), setup.maxNumSeqs(), setup.maxNumBatchedTokens(), setup.chunkedPrefill() ? "on" : "off",
                setup.kvCapacityTokens());
        out.printf(Locale.ROOT, "  serving %s at http://%s:%d (Ctrl-C stops)%n", served, host, bound);
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kiq-emulator-stop"));
        stopped.await();
        return 0;
    }
}
