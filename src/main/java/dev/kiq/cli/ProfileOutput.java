package dev.kiq.cli;

import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.settings.UserData;
import java.nio.file.Path;
import java.util.Locale;

/** Where bench and import save measured profiles: {@code --output-path}, else the per-user profile folder. */
final class ProfileOutput {

    private ProfileOutput() {
    }

    static Path resolve(Path outputPath, Profile p) {
        if (outputPath != null) {
            return outputPath;
        }
        String name = String.join("-", "measured", p.modelServerInfo().model().replace('/', '_'),
                p.modelServerInfo().modelServer(), p.modelServerInfo().modelServerVersion(), p.acceleratorType(),
                String.valueOf(p.acceleratorCount())).toLowerCase(Locale.ROOT) + ".yaml";
        return UserData.open().createProfilesDir().resolve("measured").resolve(name);
    }

    /** Writes atomically (the writer's temp file + move), creating the folder. */
    static Path write(Path outputPath, Profile p) {
        Path file = resolve(outputPath, p).toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new dev.kiq.KiqException("Cannot create folder " + file.getParent() + ": " + e.getMessage() + ".");
        }
        ProfileWriter.write(p, file);
        return file;
    }
}
