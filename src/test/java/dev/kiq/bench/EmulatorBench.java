package dev.kiq.bench;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.ContinuousBatchingEngine;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.RateSweep;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The closed-loop tests' replica, DeepSeek-R1-Distill-Qwen-7B on one H100 on vLLM 0.7.2: its modeled knee, and
 * {@code kiq bench run} against {@code kiq emulator} of it over HTTP.
 */
public final class EmulatorBench {

    public static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    public static final String ACCELERATOR = "nvidia-h100-80gb";

    private EmulatorBench() {
    }

    /** The replica the closed-loop tests emulate. */
    public static EmulatedReplica replica(Catalog catalog) {
        return EmulatedReplica.resolve(catalog, MODEL, ACCELERATOR, OptionalInt.of(1), Optional.of("v0.7.2"));
    }

    /** The knee {@code kiq simulate} finds for the replica with {@code factors} (the default sweep and seed). */
    public static PerformancePoint modeledKnee(EmulatedReplica replica, FactorTable factors) {
        return PerformanceModel.profile(replica.model(), replica.accelerator(), replica.acceleratorCount(), replica.server(),
                replica.version(), PerformanceModel.DEFAULT_SEED, RateSweep.DEFAULT_REQUESTS_PER_RATE, "2026-12-03", factors)
                .knee().orElseThrow();
    }

    /**
     * The profile bench measures of the emulator serving {@code engine} as {@code replica} (its vLLM version's metrics,
     * its max model length) on a free local port at the plan's time scale, with the plan and the model's
     * ShareGPT-shaped requests; the server is closed after.
     */
    public static Profile measure(Catalog catalog, EmulatedReplica replica, ContinuousBatchingEngine engine, BenchPlan plan) {
        EmulatorServer server = new EmulatorServer(new EmulatorServer.Config(MODEL, replica.version().version(),
                replica.version().metrics(), replica.setup().maxModelLen(), plan.timeScale(), "127.0.0.1", 0, () -> 128),
                new PerfBatchEngine(engine));
        server.start();
        try {
            BenchSession.Request request = new BenchSession.Request(URI.create("http://127.0.0.1:" + server.port()), MODEL,
                    OpenAiStreamClient.Api.COMPLETIONS, plan, Optional.empty(), SyntheticWorkload.shareGpt(), "vllm",
                    Optional.empty(), ACCELERATOR, 1, 20_000);
            return BenchSession.run(request, catalog, BenchListener.SILENT, () -> false).profile().orElseThrow();
        } finally {
            server.close();
        }
    }
}
