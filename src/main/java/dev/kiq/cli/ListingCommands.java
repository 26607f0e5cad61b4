package dev.kiq.cli;

import dev.kiq.recommend.ProfileSelection;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    static final class ModelsList extends ProfileVerb {

        @Override
        public Integer call() {
            ProfileSelection selection = library().selection();
            printList(out(), "models", selection.models());
            return 0;
        }
    }

    @Command(name = "model-servers", mixinStandardHelpOptions = true, description = "Model servers that have profiles.",
            subcommands = ModelServersList.class)
    static final class ModelServers extends VerbGroup {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the model servers with profiles for a model.")
    static final class ModelServersList extends ProfileVerb {
        @Mixin
        SelectionOptions.Model model;

        @Override
        public Integer call() {
            ProfileSelection selection = library().selection();
            printList(out(), "model servers", selection.modelServers(selection.model(model.id)));
            return 0;
        }
    }

    @Command(name = "model-server-versions", mixinStandardHelpOptions = true,
            description = "Model server versions that have profiles.", subcommands = ModelServerVersionsList.class)
    static final class ModelServerVersions extends VerbGroup {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the versions of a model server with profiles for a model, oldest first.")
    static final class ModelServerVersionsList extends ProfileVerb {
        @Mixin
        SelectionOptions.Model model;
        @Mixin
        SelectionOptions.ModelServer modelServer;

        @Override
        public Integer call() {
            ProfileSelection selection = library().selection();
            String m = selection.model(model.id);
            String s = selection.modelServer(m, modelServer.id);
            printList(out(), "model server versions", selection.versions(m, java.util.Optional.of(s)));
            return 0;
        }
    }
}
