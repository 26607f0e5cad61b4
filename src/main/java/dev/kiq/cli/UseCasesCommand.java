package dev.kiq.cli;

import dev.kiq.perf.UseCase;
import dev.kiq.perf.UseCases;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiq use-cases list}: the workloads {@code --use-case} takes, with their lengths and sources. */
@Command(name = "use-cases", mixinStandardHelpOptions = true, description = "Use cases (workloads) kiq can model.",
        subcommands = UseCasesCommand.ListCommand.class)
final class UseCasesCommand extends VerbGroup {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the use cases with their average input and output lengths; --format yaml adds the "
                    + "length statistics and the source of each.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, yaml or json.")
        String format;

        @Override
        public Integer call() {
            Choices.format(format, List.of("table", "yaml", "json"));
            List<UseCase> all = UseCases.bundled().all();
            PrintWriter out = spec.commandLine().getOut();
            switch (format) {
                case "yaml" -> out.print(StructuredOutput.yaml(all.stream().map(ListCommand::details).toList()));
                case "json" -> out.print(StructuredOutput.json(all.stream().map(ListCommand::details).toList()));
                default -> {
                    out.println("Supported use cases:");
                    out.print(TextTable.render(List.of("use case", "name", "average input length",
                            "average output length", "basis"), all.stream().map(u -> List.of(
                                    u.id() + (u.isDefault() ? " (default)" : ""), u.name(),
                                    Integer.toString(u.input().mean()), Integer.toString(u.output().mean()), u.basis()))
                            .toList()));
                    out.println();
                    out.println("Lengths are in tokens. For the statistics and the source of each, use --format=yaml");
                }
            }
            out.flush();
            return 0;
        }

        private static Map<String, Object> details(UseCase u) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("useCase", u.id());
            m.put("name", u.name());
            m.put("default", u.isDefault());
            m.put("averageInputLength", u.input().mean());
            m.put("averageOutputLength", u.output().mean());
            m.put("input", u.input());
            m.put("output", u.output());
            m.put("basis", u.basis());
            m.put("source", u.source());
            return m;
        }
    }
}
