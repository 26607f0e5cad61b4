package dev.kiq.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A verb that reads the catalog and the profiles ({@code --profiles-dir}) and prints to the command's streams. */
abstract class ProfileVerb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProfileSources sources;

    /** The catalog and every profile; unreadable profile files are warned about on {@link #err()}. */
    ProfileSources.Library library() {
        return sources.load(err());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
