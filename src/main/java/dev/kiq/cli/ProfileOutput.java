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
                String.valueOf(p.acceleratorCount())).toLowerCase(Locale.ROOT)
                // one file per workload: a summarization run must not overwrite the chat measurement
                + p.provenance().shape().map(w -> String.format(Locale.ROOT, "-%s-%.0f-%.0f",
                        w.useCase().replaceAll("[^A-Za-z0-9.-]", "_"), w.meanInputTokens(), w.meanOutputTokens())).orElse("")
                + ".yaml";
        return UserData.open().createProfilesDir().resolve("measured").resolve(name);
    }

    /** Writes atomically ({@link ProfileWriter}, which creates the folder); returns where. */
    static Path write(Path outputPath, Profile p) {
        Path file = resolve(outputPath, p).toAbsolutePath();
        ProfileWriter.write(p, file);
        return file;
    }
}
