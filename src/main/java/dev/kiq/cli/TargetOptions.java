package dev.kiq.cli;

import dev.kiq.recommend.Targets;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/** The latency targets gcloud's commands take (p50, milliseconds). */
final class TargetOptions {

    @Option(names = "--target-ntpot-milliseconds", paramLabel = "MS",
            description = "Highest acceptable p50 normalized time per output token (e2e latency / output tokens).")
    Double ntpot;

    @Option(names = "--target-ttft-milliseconds", paramLabel = "MS", description = "Highest acceptable p50 time to first token.")
    Double ttft;

    @Option(names = "--target-itl-milliseconds", paramLabel = "MS", description = "Highest acceptable p50 inter-token latency.")
    Double itl;

    Targets targets() {
        return Targets.none().withNtpot(of(ntpot)).withTtft(of(ttft)).withItl(of(itl));
    }

    static OptionalDouble of(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
