package dev.kiq.cli;

import dev.kiq.catalog.PricingModel;
import dev.kiq.recommend.CostModel;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Recommender;
import java.io.PrintWriter;
import dev.kiq.recommend.Targets;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiq accelerators list}: the seed's table of accelerators for a model, at the knee or at the target. */
@Command(name = "accelerators", mixinStandardHelpOptions = true, description = "Accelerators that have profiles.",
        subcommands = AcceleratorsCommand.ListCommand.class)
final class AcceleratorsCommand extends VerbGroup {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List accelerators for a model with throughput and NTPOT at the knee, or at the target NTPOT.")
    static final class ListCommand extends ProfileVerb {
        /** Accelerators are priced on demand at the default output/input cost ratio. */
        private static final double RATIO = CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO;

        @Mixin
        SelectionOptions.Model model;
        @Option(names = "--model-server", paramLabel = "SERVER", description = "Model server, e.g. vllm (default: all).")
        String modelServer;
        @Option(names = "--model-server-version", paramLabel = "VERSION",
                description = "Model server version, or 'all' (default: the latest of each server).")
        String version;
        @Option(names = "--target-ntpot-milliseconds", paramLabel = "MS",
                description = "Only accelerators that meet this p50 NTPOT; figures at the target instead of the knee.")
        Double ntpot;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, yaml or json.")
        String format;
        @Mixin
        WorkloadOptions workload;

        @Override
        public Integer call() {
            Choices.format(format, List.of("table", "yaml", "json"));
            var targets = Targets.none().withNtpot(TargetOptions.of(ntpot));
            var library = library();
            var profiles = library.selection().select(Optional.of(model.id), Optional.ofNullable(modelServer),
                    Optional.ofNullable(version), Optional.empty());
            profiles = workload.answer(profiles, library.catalog(), err());
            List<ProfileOption> options = ProfileOption.evaluate(profiles, library.catalog(),
                    Recommender.standard(), targets, PricingModel.ON_DEMAND, RATIO);
            PrintWriter out = out();
            switch (format) {
                // yaml and json show every profile, with the reason when it cannot meet the target
                case "yaml" -> out.print(StructuredOutput.yaml(Rows.details(options, library.catalog(), RATIO)));
                case "json" -> out.print(StructuredOutput.json(Rows.details(options, library.catalog(), RATIO)));
                default -> {
                    List<ProfileOption> shown = Choices.achievable(options, Recommender.standard(), targets, err());
                    Choices.ttftNote(shown, workload, err());
                    Choices.noKneeNotes(shown, err());
                    Choices.userCalibrationNotes(shown, err());
                    out.println(workload.headline());
                    out.println("Supported accelerators:");
                    out.print(TextTable.render(List.of("accelerator", "model", "model server",
                            "model server version", "accelerator count", "output tokens per second", "ntpot ms", "accuracy"),
                            shown.stream().map(ListCommand::row).toList()));
                    out.println();
                    out.println("For more details on each accelerator, use --format=yaml");
                }
            }
            out.flush();
            return 0;
        }

        private static List<String> row(ProfileOption o) {
            var p = o.profile();
            var op = o.operatingPoint().orElseThrow().point();
            return List.of(p.acceleratorType(), p.modelServerInfo().model(), p.modelServerInfo().modelServer(),
                    p.modelServerInfo().modelServerVersion(),
                    p.acceleratorCount() + p.tpuTopology().map(t -> " (" + t + ")").orElse(""),
                    Rows.whole(op.outputTokensPerSecond()), Rows.whole(op.ntpotMilliseconds()),
                    p.accuracyLabel());
        }
    }
}
