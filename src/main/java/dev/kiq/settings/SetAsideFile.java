package dev.kiq.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A per-user file kiq could not read and moved out of the way so it could start with defaults.
 *
 * @param file where the damaged file was
 * @param movedTo where it is now; empty when it could not be moved (it is then ignored in place)
 * @param reason why it could not be read, in plain words
 */
public record SetAsideFile(Path file, Optional<Path> movedTo, String reason) {

    /** One sentence for a warning line or a notification. */
    public String message() {
        return movedTo
                .map(to -> "Could not read " + file + " (" + reason + "); moved it to " + to.getFileName()
                        + " and went on with the defaults.")
                .orElseGet(() -> "Could not read " + file + " (" + reason + ") nor move it aside; ignored it and went on"
                        + " with the defaults.");
    }
}
