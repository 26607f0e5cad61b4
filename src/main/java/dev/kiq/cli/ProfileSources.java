package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.FactorTable;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.settings.UserProfiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --profiles-dir}: the shipped profiles, the per-user folder, settings' folders, then these (later ones win). */
final class ProfileSources {

    @Option(names = "--profiles-dir", paramLabel = "DIR",
            description = "Extra folder of profiles (YAML or JSON); repeatable. Its profiles win over shipped ones.")
    List<Path> profilesDirs = new ArrayList<>();

    /** The catalog and every profile, with unreadable profile files reported as warnings on {@code err}. */
    Library load(PrintWriter err) {
        // the per-user profiles include those kiq calibrate --from re-modeled with the user's factors: a factors file kiq
        // cannot read is refused here as simulate and calibrate refuse it (one ERROR line naming its file, line and field),
        // never read as no calibration beside profiles modeled with one; the file is left as it is
        FactorTable.current();
        for (Path dir : profilesDirs) {
            if (dir.toString().isBlank()) {
                throw new KiqException("--profiles-dir is empty; give a folder of profile YAML or JSON files"
                        + " (use . for the current folder).");
            }
            if (!Files.isDirectory(dir)) {
                throw new KiqException("--profiles-dir " + dir + " is not a folder; give a folder of profile YAML or JSON files.");
            }
        }
        UserProfiles loaded = UserProfiles.forCurrentUser(profilesDirs);
        for (String warning : loaded.warnings()) {
            err.println("WARNING: " + warning);
        }
        err.flush();
        ProfileRepository repository = loaded.repository();
        return new Library(repository, new ProfileSelection(repository.profiles(), Catalog::bundled));
    }

    /** The profiles and the choices they offer; the catalog is read when first asked for ({@code models list} never does). */
    record Library(ProfileRepository repository, ProfileSelection selection) {
        Catalog catalog() {
            return Catalog.bundled();
        }
    }
}
