package dev.kiq.profile;

/**
 * A loaded profile and where it came from.
 *
 * @param source  the file path, or {@code shipped:<resource>} for a profile bundled in kiq
 * @param shipped true for the profiles bundled in kiq, false for the user's
 */
public record StoredProfile(Profile profile, String source, boolean shipped) {

    public ProfileKey key() {
        return profile.key();
    }
}
