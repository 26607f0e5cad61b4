package dev.kiq.settings;

import dev.kiq.KiqException;
import dev.kiq.profile.ProfileProblem;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileRepository;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The profiles kiq starts with: the shipped ones, the per-user folder's, then any extra folders (settings,
 * {@code --profiles-dir}), later ones winning (see {@link ProfileRepository}). A file in the per-user folder that
 * cannot be read is moved aside like a damaged settings file, so it is reported once rather than at every start;
 * files in extra folders the user named explicitly are only reported, never moved.
 *
 * @param repository the profiles that loaded
 * @param setAside per-user profile files moved aside
 * @param problems the repository's other problems (unreadable files in extra folders, duplicate profiles…)
 */
public record UserProfiles(ProfileRepository repository, List<SetAsideFile> setAside, List<ProfileProblem> problems) {

    public UserProfiles {
        setAside = List.copyOf(setAside);
        problems = List.copyOf(problems);
    }

    /**
     * What the wizard and the CLI verbs load at start: the current user's folders (see {@link UserFolders}), their
     * settings' extra folders, then {@code extraDirs} (e.g. {@code --profiles-dir}). Print {@link #warnings()} once.
     */
    public static UserProfiles forCurrentUser(List<Path> extraDirs) {
        return load(UserData.open(), extraDirs);
    }

    /** Shipped profiles, then the user's folder, then the extra folders from settings and from the caller. */
    public static UserProfiles load(UserData userData, List<Path> extraDirs) {
        List<Path> extras = new ArrayList<>();
        for (String dir : userData.settings().profileDirs()) {
            try {
                extras.add(Path.of(dir));
            } catch (InvalidPathException e) {
                // a settings entry that is not a path is reported by the repository as a missing folder
                extras.add(Path.of(dir.replaceAll("[^\\w./-]", "_")));
            }
        }
        extras.addAll(extraDirs);
        UserProfiles profiles = load(userData.profilesDir(), extras, Clock.systemUTC());
        // what opening the user's data set aside (a damaged settings file) is told along with the profiles
        List<SetAsideFile> all = new ArrayList<>(userData.setAside());
        all.addAll(profiles.setAside());
        return new UserProfiles(profiles.repository(), all, profiles.problems());
    }

    public static UserProfiles load(Path userDir, List<Path> extraDirs, Clock clock) {
        // a first run has no user folder yet, which the repository does not count as a problem
        ProfileRepository repository = ProfileRepository.load(Optional.of(userDir), extraDirs);

        List<SetAsideFile> setAside = new ArrayList<>();
        List<ProfileProblem> problems = new ArrayList<>();
        Path userRoot = userDir.toAbsolutePath().normalize();
        for (ProfileProblem problem : repository.problems()) {
            Optional<Path> damaged = fileIn(problem.source(), userRoot).filter(UserProfiles::unreadable);
            if (damaged.isPresent()) {
                setAside.add(DamagedFiles.setAside(damaged.get(), problem.message(), clock));
            } else {
                problems.add(problem);
            }
        }
        return new UserProfiles(repository, setAside, problems);
    }

    /** One line per thing the user should know, for the CLI's warnings and the wizard's notice. */
    public List<String> warnings() {
        return Stream.concat(setAside.stream().map(SetAsideFile::message), problems.stream().map(ProfileProblem::message))
                .toList();
    }

    private static Optional<Path> fileIn(String source, Path root) {
        try {
            Path p = Path.of(source).toAbsolutePath().normalize();
            return p.startsWith(root) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty(); // "shipped:..." sources and the like
        }
    }

    /** A problem can also be a duplicate of a readable profile; only a file that does not read is damaged. */
    private static boolean unreadable(Path file) {
        try {
            ProfileReader.read(file);
            return false;
        } catch (KiqException e) {
            return true;
        }
    }
}
