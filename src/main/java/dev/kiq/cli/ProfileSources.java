package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileProblem;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.settings.UserFolders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --profiles-dir}: the shipped profiles, the per-user folder, then these folders (later ones win). */
final class ProfileSources {

    @Option(names = "--profiles-dir", paramLabel = "DIR",
            description = "Extra folder of profiles (YAML or JSON); repeatable. Its profiles win over shipped ones.")
    List<Path> profilesDirs = new ArrayList<>();

    /** The catalog and every profile, with unreadable profile files reported as warnings on {@code err}. */
    Library load(PrintWriter err) {
        List<Path> dirs = new ArrayList<>();
        Path userDir = UserFolders.forCurrentUser().profilesDir();
        if (Files.isDirectory(userDir)) {
            dirs.add(userDir);
        }
        for (Path dir : profilesDirs) {
            if (!Files.isDirectory(dir)) {
                throw new KiqException("--profiles-dir " + dir + " is not a folder; give a folder of profile YAML or JSON files.");
            }
            dirs.add(dir);
        }
        ProfileRepository repository = ProfileRepository.load(dirs);
        for (ProfileProblem problem : repository.problems()) {
            err.println("WARNING: " + problem.message());
        }
        err.flush();
        Catalog catalog = Catalog.bundled();
        return new Library(catalog, repository, new ProfileSelection(repository.profiles(), catalog));
    }

    record Library(Catalog catalog, ProfileRepository repository, ProfileSelection selection) {
    }
}
