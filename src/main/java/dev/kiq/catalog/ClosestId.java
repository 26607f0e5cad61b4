package dev.kiq.catalog;

import dev.kiq.KiqException;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the id a user most likely meant ("did you mean google/gemma-2-27b-it" for
 * {@code gemma-2-27b}) and builds the unknown-id message that lists the valid ids.
 */
public final class ClosestId {

    private ClosestId() {
    }

    /**
     * The valid id closest to {@code input}: same name after the slash, then ids containing the
     * input (fewest extra characters first), then the smallest edit distance if it is small
     * relative to the input's length.
     */
    public static Optional<String> find(String input, Collection<String> ids) {
        return find(input, ids, Map.of());
    }

    /**
     * As {@link #find(String, Collection)}, where a common name (e.g. {@code v5e} or {@code a100}
     * for a GKE label) suggests its id first.
     *
     * @param aliases id to the other names it is known by
     */
    public static Optional<String> find(String input, Collection<String> ids, Map<String, List<String>> aliases) {
        String wanted = input.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (String id : ids) {
            for (String alias : aliases.getOrDefault(id, List.of())) {
                if (alias.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return Optional.of(id);
                }
            }
        }
        String wantedName = nameAfterSlash(wanted);
        String best = null;
        double bestScore = Double.MAX_VALUE;
        for (String id : ids) {
            double score = score(wanted, wantedName, id.toLowerCase(Locale.ROOT));
            if (score < bestScore) {
                bestScore = score;
                best = id;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The exception for an unknown id: names the input, suggests the closest valid id and lists
     * them all, e.g. {@code Unknown model "gemma-2-27b"; did you mean "google/gemma-2-27b-it"?
     * Valid models: ...}.
     */
    public static KiqException unknown(String kind, String input, Collection<String> ids) {
        return unknown(kind, input, ids, Map.of());
    }

    public static KiqException unknown(String kind, String input, Collection<String> ids, Map<String, List<String>> aliases) {
        String suggestion = find(input, ids, aliases).map(match -> "; did you mean \"" + match + "\"?").orElse(".");
        String valid = ids.isEmpty() ? " The catalog has none." : " Valid " + kind + "s: " + String.join(", ", ids) + ".";
        return new KiqException("Unknown " + kind + " \"" + input + "\"" + suggestion + valid);
    }

    private static double score(String wanted, String wantedName, String id) {
        String name = nameAfterSlash(id);
        if (id.equals(wanted)) {
            return 0;
        }
        if (name.equals(wantedName)) {
            return 1;
        }
        if (id.contains(wanted) || name.contains(wantedName)) {
            // the fewer characters the user left out, the likelier the match
            return 2 + Math.min(0.999, (id.length() - wanted.length()) / 1000.0);
        }
        if (wanted.contains(name)) {
            return 3 + Math.min(0.999, (wanted.length() - name.length()) / 1000.0);
        }
        int distance = Math.min(editDistance(wanted, id), editDistance(wantedName, name));
        int tolerated = Math.max(2, wantedName.length() / 3);
        return distance <= tolerated ? 10 + distance : Double.MAX_VALUE;
    }

    private static String nameAfterSlash(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** Levenshtein distance with two rolling rows. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
