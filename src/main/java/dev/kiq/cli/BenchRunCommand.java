package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.bench.BenchPlan;
import dev.kiq.bench.BenchReport;
import dev.kiq.bench.BenchSession;
import dev.kiq.bench.GoodputTargets;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.bench.RateResult;
import dev.kiq.bench.RequestSource;
import dev.kiq.bench.ShareGptDataset;
import dev.kiq.bench.SyntheticWorkload;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.PerformancePoint;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiq bench run}: Poisson load at each rate (or a sweep to saturation) into a measured profile. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send streaming requests of a workload (default: ShareGPT-shaped chat) at Poisson rates or fixed "
                + "concurrencies to an OpenAI-compatible endpoint, measure TTFT, ITL, NTPOT and throughput per rate, scrape "
                + "the server's /metrics, and save a measured profile for that workload.",
                "The requests are the very trace 'kiq simulate' models for the same --use-case and lengths, so measured and "
                + "modeled curves compare point by point.",
                "Each rate is saved as soon as it completes, so Ctrl-C, a lost session or a crash keeps every rate completed so far."})
final class BenchRunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "Server root, e.g. http://127.0.0.1:8000")
    String endpoint;

    @Option(names = "--model", required = true, description = "Model name as the endpoint serves it (see its /v1/models).")
    String model;

    @Option(names = "--rates", split = ",", paramLabel = "QPS", description = "Offered request rates, e.g. 1,2,4,8 (not with --sweep, which finds its own).")
    List<Double> rates = new ArrayList<>();

    @Option(names = "--sweep", description = "Find saturation: double the rate until throughput stops growing, then fill in around the knee.")
    boolean sweep;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "How long each rate sends requests (default: the performance model's count of requests per rate"
                    + " for the server, at least " + RateSweep.DEFAULT_REQUESTS_PER_RATE + ").")
    Double duration;

    @Option(names = "--requests", paramLabel = "N", description = "How many requests each rate sends (instead of --duration).")
    Integer requests;

    @Option(names = "--dataset", paramLabel = "FILE", description = "A ShareGPT JSON file (default: synthetic ShareGPT-shaped requests).")
    Path dataset;

    @Option(names = "--use-case", paramLabel = "USE_CASE",
            description = "Synthetic requests of this use case from 'kiq use-cases list' (default: chatbot).")
    String useCase;

    @Option(names = "--input-length", paramLabel = "TOKENS",
            description = "Mean prompt length in tokens, with --output-length: the use case's shape moved to these lengths.")
    Integer inputLength;

    @Option(names = "--output-length", paramLabel = "TOKENS", description = "Mean output length in tokens, with --input-length.")
    Integer outputLength;

    @Option(names = "--concurrency", split = ",", paramLabel = "N[,N...]",
            description = "Closed loop: keep N requests in flight, each finished one replaced at once; one profile point per N"
                    + " (--requests per level, default the model's trace of " + RateSweep.DEFAULT_REQUESTS_PER_RATE + ").")
    List<Integer> concurrency = new ArrayList<>();

    @Option(names = "--max-concurrency", paramLabel = "C", description = "Most requests in flight; later arrivals wait (default: unlimited).")
    Integer maxConcurrency;

    @Option(names = "--metrics-url", paramLabel = "URL", description = "Prometheus metrics of the server (default: <endpoint>/metrics).")
    String metricsUrl;

    @Option(names = "--no-metrics", description = "Do not scrape server metrics.")
    boolean noMetrics;

    @Option(names = "--output-path", paramLabel = "FILE", description = "Where to save the profile (.yaml or .json; default: the per-user profile folder).")
    Path outputPath;

    @Option(names = "--accelerator-type", required = true, paramLabel = "TYPE", description = "What the endpoint runs on, e.g. nvidia-h100-80gb (labels the profile).")
    String acceleratorType;

    @Option(names = "--accelerator-count", defaultValue = "1", paramLabel = "N", description = "Accelerators per replica (default ${DEFAULT-VALUE}).")
    int acceleratorCount;

    @Option(names = "--model-server", defaultValue = "vllm", description = "Model server (default ${DEFAULT-VALUE}).")
    String modelServer;

    @Option(names = "--model-server-version", paramLabel = "V", description = "Server version (default: what the server's /version says).")
    String modelServerVersion;

    @Option(names = "--api", defaultValue = "completions", description = "completions or chat (default ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--target-ntpot-milliseconds", paramLabel = "MS", description = "Goodput: a request is good only within this NTPOT.")
    Double targetNtpot;

    @Option(names = "--target-ttft-milliseconds", paramLabel = "MS", description = "Goodput: a request is good only within this TTFT.")
    Double targetTtft;

    @Option(names = "--target-itl-milliseconds", paramLabel = "MS", description = "Goodput: a request is good only within this ITL.")
    Double targetItl;

    @Option(names = "--request-timeout", defaultValue = "600", paramLabel = "SECONDS", description = "Give up on a request silent this long (default ${DEFAULT-VALUE}).")
    double requestTimeout;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds arrivals and request sampling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "X",
            description = "Only against `kiq emulator --time-scale X`: it runs X times faster than real time; results are scaled back.")
    double timeScale;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        checkFlags();
        WorkloadChoice choice = workloadChoice();
        if (!concurrency.isEmpty() && requests == null && duration == null) {
            requests = RateSweep.DEFAULT_REQUESTS_PER_RATE;
        }
        OpenAiStreamClient.Api chosenApi = switch (api.toLowerCase(Locale.ROOT)) {
            case "completions" -> OpenAiStreamClient.Api.COMPLETIONS;
            case "chat" -> OpenAiStreamClient.Api.CHAT;
            default -> throw new KiqException("--api " + api + " is not valid; valid: completions, chat.");
        };
        BenchPlan plan = new BenchPlan(rates, sweep, Optional.ofNullable(duration).map(s -> Duration.ofMillis(Math.round(s * 1000))),
                requests == null ? OptionalInt.empty() : OptionalInt.of(requests), maxConcurrency == null ? 0 : maxConcurrency,
                new GoodputTargets(opt(targetTtft), opt(targetItl), opt(targetNtpot)), timeScale, seed,
                Duration.ofMillis(Math.round(requestTimeout * 1000)), Duration.ofMillis(Math.max(100, Math.round(1000 / timeScale))),
                concurrency);
        RequestSource source = dataset != null ? ShareGptDataset.load(dataset) : SyntheticWorkload.of(choice);
        URI base = httpUrl("--endpoint", endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
        Optional<URI> metrics = noMetrics ? Optional.empty()
                : Optional.of(metricsUrl != null ? httpUrl("--metrics-url", metricsUrl)
                        : URI.create(base.toString().replaceFirst("/v1$", "") + "/metrics"));
        BenchSession.Request request = new BenchSession.Request(base, model, chosenApi, plan, metrics, source, modelServer,
                Optional.ofNullable(modelServerVersion), acceleratorType, acceleratorCount, 20_000);

        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancelled.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS); // let the main thread save the completed rates
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kiq-bench-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // each completed rate is saved at once (atomically), so kill -9 or a lost session keeps what was measured
            BenchSession.Result result = BenchSession.run(request, Catalog.bundled(),
                    new BenchProgress(System.err, BenchProgress.interactiveTerminal()), cancelled::get,
                    p -> ProfileOutput.write(outputPath, p));
            report(out, result);
            if (result.profile().isEmpty()) {
                throw new KiqException("No rate completed, so no profile was written.");
            }
            Path saved = ProfileOutput.resolve(outputPath, result.profile().get()).toAbsolutePath(); // saved with its last rate
            out.println("Output saved to " + saved);
            out.flush();
            return result.outcome().interrupted() ? 130 : 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and waits for us
            }
        }
    }

    /** The synthetic workload the flags ask for, as the model resolves the same flags. */
    private WorkloadChoice workloadChoice() {
        if (dataset != null && (useCase != null || inputLength != null || outputLength != null)) {
            throw new KiqException("--dataset sends the file's own conversations; it does not go with --use-case,"
                    + " --input-length or --output-length.");
        }
        return WorkloadOptions.choice(useCase, "--input-length", inputLength, "--output-length", outputLength);
    }

    /** Every flag checked before the first request: a typo must not cost a measurement. */
    private void checkFlags() {
        if (duration != null && requests != null) {
            throw new KiqException("Give either --duration or --requests, not both: each rate runs for a time or for a"
                    + " number of requests.");
        }
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new KiqException("--max-concurrency " + maxConcurrency + " is not valid; give at least 1, or leave it"
                    + " out for no limit.");
        }
        if (!(requestTimeout > 0) || Double.isInfinite(requestTimeout)) {
            throw new KiqException("--request-timeout " + requestTimeout + " is not valid; give a positive number of seconds"
                    + " (default 600).");
        }
        if (acceleratorCount < 1) {
            throw new KiqException("--accelerator-count " + acceleratorCount + " is not valid; give at least 1.");
        }
        Catalog catalog = Catalog.bundled();
        catalog.accelerator(acceleratorType);
        if (modelServerVersion != null) {
            catalog.modelServerVersion(modelServer, modelServerVersion);
        } else {
            catalog.modelServer(modelServer);
        }
        httpUrl("--endpoint", endpoint);
        if (metricsUrl != null) {
            httpUrl("--metrics-url", metricsUrl);
        }
        OutputPath.checkProfilePath(outputPath);
    }

    /** An http(s) URL with a host, or one clear error naming the flag. */
    static URI httpUrl(String flag, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && uri.getScheme().matches("(?i)https?") && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the flag's name
        }
        throw new KiqException(flag + " " + value + " is not a valid URL; give an http(s) URL such as http://127.0.0.1:8000"
                + ("--metrics-url".equals(flag) ? "/metrics." : "."));
    }

    private static void report(PrintWriter out, BenchSession.Result result) {
        out.println(BenchReport.header());
        for (RateResult r : result.outcome().completed()) {
            out.println(BenchReport.row(r));
        }
        for (RateResult r : result.outcome().completed()) {
            BenchReport.problems(r).forEach(out::println);
        }
        result.outcome().cut().ifPresent(r -> out.printf(Locale.ROOT,
                "interrupted during %.3g req/s; that rate is not in the profile%n", r.offeredRate()));
        result.notes().forEach(n -> out.println("note: " + n));
        result.profile().flatMap(p -> p.knee()).ifPresent((PerformancePoint k) -> out.printf(Locale.ROOT,
                "knee: %.3g req/s, %.1f output tok/s, NTPOT p50 %.2f ms, TTFT p50 %.1f ms%n",
                k.queriesPerSecond(), k.outputTokensPerSecond(), k.ntpotMilliseconds(), k.ttftMilliseconds()));
        result.profile().flatMap(dev.kiq.bench.MeasuredProfile::noKnee).ifPresent(out::println);
        out.flush();
    }

    private static OptionalDouble opt(Double v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
