package dev.kiq.cli;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.CostModel;
import dev.kiq.recommend.Pricing;
import dev.kiq.recommend.Recommender;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiq benchmarks list}: every measured or modeled point of the chosen profiles, one CSV row per point. */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, description = "The whole curve behind each profile.",
        subcommands = BenchmarksCommand.ListCommand.class)
final class BenchmarksCommand extends VerbGroup {

    static final List<String> COLUMNS = List.of("Model", "Model Server", "Model Server Version", "Accelerator",
            "Accelerator Count", "TPU Topology", "Instance Type", "QPS", "Output Tokens/s", "Input Tokens/s", "NTPOT(ms)",
            "TTFT(ms)", "ITL(ms)", "Queue Size", "Batch Size", "KV Cache Usage", "Cost/M Input Tokens",
            "Cost/M Output Tokens", "Knee", "Provenance", "Workload");

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every point of the profiles of a model and server as CSV, with QPS and cost.")
    static final class ListCommand extends ProfileVerb {
        @Mixin
        SelectionOptions.Model model;
        @Mixin
        SelectionOptions.ModelServer modelServer;
        @Option(names = "--model-server-version", paramLabel = "VERSION", description = "A version, or 'all' (default: latest).")
        String version;
        @Option(names = "--accelerator-type", paramLabel = "TYPE", description = "GKE accelerator label (default: all).")
        String accelerator;
        @Mixin
        PricingOptions pricingOptions;
        @Mixin
        WorkloadOptions workload;

        @Override
        public Integer call() {
            PricingModel pricing = pricingOptions.pricingModel();
            double r = pricingOptions.ratio();
            var library = library();
            List<Profile> profiles = library.selection().select(Optional.of(model.id), Optional.of(modelServer.id),
                    Optional.ofNullable(version), Optional.ofNullable(accelerator));
            profiles = workload.answer(profiles, library.catalog(), err());
            Recommender recommender = Recommender.standard();
            List<List<String>> rows = new ArrayList<>();
            for (Profile p : profiles) {
                Optional<CostModel> cost = library.catalog().findAccelerator(p.acceleratorType())
                        .flatMap(a -> Pricing.costModel(a, p, pricing, r));
                Optional<PerformancePoint> knee = recommender.knee(p); // none: no row is marked
                for (PerformancePoint point : p.performanceStats()) {
                    rows.add(List.of(p.modelServerInfo().model(), p.modelServerInfo().modelServer(),
                            p.modelServerInfo().modelServerVersion(), p.acceleratorType(),
                            Integer.toString(p.acceleratorCount()), p.tpuTopology().orElse(""), p.instanceType(),
                            Rows.decimal(point.queriesPerSecond(), 3), Rows.decimal(point.outputTokensPerSecond(), 1),
                            Rows.decimal(point.inputTokensPerSecond(), 1), Rows.decimal(point.ntpotMilliseconds(), 2),
                            Rows.decimal(point.ttftMilliseconds(), 2), Rows.decimal(point.itlMilliseconds(), 2),
                            Rows.decimal(point.queueSize(), 2), Rows.decimal(point.batchSize(), 2),
                            Rows.decimal(point.kvCacheUsage(), 3),
                            Rows.cost(cost.map(c -> c.costPerMillionInputTokens(point))),
                            Rows.cost(cost.map(c -> c.costPerMillionOutputTokens(point))),
                            knee.filter(point::equals).isPresent() ? "knee" : "", p.provenance().kind().name(),
                            Rows.workload(p)));
                }
            }
            PrintWriter out = out();
            out.print(Csv.render(COLUMNS, rows));
            out.flush();
            return 0;
        }
    }
}
