package dev.kiq.cli;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.CostModel;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Ranking;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.Targets;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiq profiles list}: gcloud's profile table, one row per profile at its operating point. */
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "Latency profiles with cost and performance.",
        subcommands = ProfilesCommand.ListCommand.class)
final class ProfilesCommand extends VerbGroup {

    static final List<String> COLUMNS = List.of("Instance Type", "Accelerator", "Cost/M Input Tokens",
            "Cost/M Output Tokens", "Output Tokens/s", "NTPOT(ms)", "TTFT(ms)", "ITL(ms)", "Accuracy", "Model Server",
            "Model Server Version", "Model");

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List profiles at their operating point (the knee, or the best point meeting the targets),"
                    + " cheapest output tokens first.")
    static final class ListCommand extends ProfileVerb {
        @Mixin
        TargetOptions targetOptions;
        @Option(names = "--model", paramLabel = "MODEL", description = "Hugging Face model id (default: all).")
        String model;
        @Option(names = "--model-server", paramLabel = "SERVER", description = "Model server (default: all).")
        String modelServer;
        @Option(names = "--model-server-version", paramLabel = "VERSION",
                description = "A version, or 'all' (default: the latest of each model and server).")
        String version;
        @Option(names = "--target-cost-per-million-output-tokens", paramLabel = "USD",
                description = "Highest acceptable cost per million output tokens.")
        Double costOutput;
        @Option(names = "--target-cost-per-million-input-tokens", paramLabel = "USD",
                description = "Highest acceptable cost per million input tokens.")
        Double costInput;
        @Mixin
        PricingOptions pricingOptions;
        @Mixin
        WorkloadOptions workload;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "profile",
                description = "profile (table), csvprofile, yaml or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            Choices.format(format, List.of("profile", "csvprofile", "yaml", "json"));
            PricingModel pricing = pricingOptions.pricingModel();
            double r = pricingOptions.ratio();
            Targets targets = targetOptions.targets()
                    .withCostPerMillionOutputTokens(TargetOptions.of(costOutput))
                    .withCostPerMillionInputTokens(TargetOptions.of(costInput));
            var library = library();
            List<Profile> profiles = library.selection().select(Optional.ofNullable(model),
                    Optional.ofNullable(modelServer), Optional.ofNullable(version), Optional.empty());
            profiles = workload.answer(profiles, library.catalog(), err());
            List<ProfileOption> options = ProfileOption.evaluate(profiles, library.catalog(), Recommender.standard(),
                    targets, pricing, r);
            // per model, in the recommendation's order (cheapest first; ties within the expected errors go to the better founded)
            List<Ranking.Ranked> ranked = options.stream()
                    .collect(java.util.stream.Collectors.groupingBy(o -> o.profile().modelServerInfo().model(),
                            java.util.TreeMap::new, java.util.stream.Collectors.toList()))
                    .values().stream().flatMap(group -> Ranking.order(group).stream()).toList();
            List<ProfileOption> sorted = ranked.stream().map(Ranking.Ranked::option).toList();
            PrintWriter out = out();
            switch (format) {
                // yaml and json show every profile, with the reason when it cannot meet the targets
                case "yaml" -> out.print(StructuredOutput.yaml(Rows.rankedDetails(ranked, library.catalog(), r)));
                case "json" -> out.print(StructuredOutput.json(Rows.rankedDetails(ranked, library.catalog(), r)));
                case "csvprofile" -> out.print(Csv.render(Rows.withWorkloadColumn(COLUMNS),
                        Choices.achievable(sorted, Recommender.standard(), targets, err()).stream()
                                .map(o -> Rows.withWorkload(row(o), o.profile())).toList()));
                default -> {
                    List<ProfileOption> shown = Choices.achievable(sorted, Recommender.standard(), targets, err());
                    Choices.ttftNote(shown, workload, err());
                    Choices.noKneeNotes(shown, err());
                    Choices.userCalibrationNotes(shown, err());
                    // a row above a cheaper one is the tie rule's doing: the table alone read as a wrong order
                    // (0.151 above 0.110 for DeepSeek-7B on v0.19.1) and only the yaml said why
                    ranked.stream().filter(k -> shown.contains(k.option())).forEach(k -> k.note().ifPresent(n -> err().println(
                            Choices.note(k.option(), shown, n))));
                    err().flush();
                    List<List<String>> rows = shown.stream().map(ListCommand::row).toList();
                    out.println(workload.headline());
                    out.print(TextTable.render(COLUMNS, rows));
                }
            }
            out.flush();
            return 0;
        }

        static List<String> row(ProfileOption o) {
            Profile p = o.profile();
            PerformancePoint op = o.operatingPoint().orElseThrow().point();
            return List.of(p.instanceType(),
                    p.acceleratorCount() + "x " + p.acceleratorType() + p.tpuTopology().map(t -> " (" + t + ")").orElse(""),
                    Rows.cost(o.costPerMillionInputTokens()), Rows.cost(o.costPerMillionOutputTokens()),
                    Rows.whole(op.outputTokensPerSecond()), Rows.whole(op.ntpotMilliseconds()),
                    Rows.whole(op.ttftMilliseconds()), Rows.whole(op.itlMilliseconds()),
                    p.accuracyLabel(), p.modelServerInfo().modelServer(), p.modelServerInfo().modelServerVersion(), p.modelServerInfo().model());
        }
    }
}
