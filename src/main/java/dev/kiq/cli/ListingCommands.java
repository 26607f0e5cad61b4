package dev.kiq.cli;

import dev.kiq.recommend.ProfileSelection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiq models|model-servers|model-server-versions list}: gcloud's "Supported …:" lists. */
final class ListingCommands {

    private ListingCommands() {
    }

    static void printList(PrintWriter out, String title, List<String> items) {
        out.println("Supported " + title + ":");
        for (String item : items) {
            out.println("-  " + item);
        }
        out.flush();
    }

    @Command(name = "models", mixinStandardHelpOptions = true, description = "Models that have profiles.",
            subcommands = ModelsList.class)
    static final class Models extends VerbGroup {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models that have profiles.")
    static final class ModelsList implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ProfileSources sources;

        @Override
        public Integer call() {
            ProfileSelection selection = sources.load(spec.commandLine().getErr()).selection();
            printList(spec.commandLine().getOut(), "models", selection.models());
            return 0;
        }
    }

    @Command(name = "model-servers", mixinStandardHelpOptions = true, description = "Model servers that have profiles.",
            subcommands = ModelServersList.class)
    static final class ModelServers extends VerbGroup {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the model servers with profiles for a model.")
    static final class ModelServersList implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ProfileSources sources;
        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Hugging Face model id.")
        String model;

        @Override
        public Integer call() {
            ProfileSelection selection = sources.load(spec.commandLine().getErr()).selection();
            printList(spec.commandLine().getOut(), "model servers", selection.modelServers(selection.model(model)));
            return 0;
        }
    }

    @Command(name = "model-server-versions", mixinStandardHelpOptions = true,
            description = "Model server versions that have profiles.", subcommands = ModelServerVersionsList.class)
    static final class ModelServerVersions extends VerbGroup {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the versions of a model server with profiles for a model, oldest first.")
    static final class ModelServerVersionsList implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ProfileSources sources;
        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Hugging Face model id.")
        String model;
        @Option(names = "--model-server", required = true, paramLabel = "SERVER", description = "Model server, e.g. vllm.")
        String modelServer;

        @Override
        public Integer call() {
            ProfileSelection selection = sources.load(spec.commandLine().getErr()).selection();
            String m = selection.model(model);
            String s = selection.modelServer(m, modelServer);
            printList(spec.commandLine().getOut(), "model server versions", selection.versions(m, java.util.Optional.of(s)));
            return 0;
        }
    }
}
