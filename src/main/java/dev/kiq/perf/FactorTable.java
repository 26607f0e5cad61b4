package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.catalog.TreeReader;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.settings.UserFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The efficiency factors in use, per accelerator generation, and where they come from: the shipped
 * fit ({@value #SHIPPED_RESOURCE}, written by the calibration procedure), replaced family by family
 * by the user's own calibration ({@code kiq calibrate --from}, saved as {@value #USER_FILE} in the
 * per-user configuration folder), with the prior estimates of {@link EfficiencyFactors} for a family
 * neither has.
 *
 * <p>File format (both files): one mapping per family key ({@code ampere}, {@code hopper}, {@code ada},
 * {@code tpu}) with the factors under their {@link EfficiencyFactors} names (the six API-server factors may be
 * absent: prior), {@code calibrated},
 * {@code basis}, and in the user file {@code userMeasurements} (how many measured points were added).
 */
public final class FactorTable {

    /** Classpath resource of the shipped, fitted factors. */
    public static final String SHIPPED_RESOURCE = "profiles/calibration/factors.yaml";
    /** File name of the user's calibration, under {@code <config dir>/calibration/}. */
    public static final String USER_FILE = "factors.yaml";

    static final String[] FIELDS = {"bandwidthFraction", "computeFraction", "iterationOverheadMs",
            "v1IterationOverheadMs", "sequenceOverheadUs", "v1SequenceOverheadUs", "allReduceLatencyUs", "interconnectFraction",
            "apiLatencyMs", "apiRequestMs", "apiTokenUs", "v1ApiLatencyMs", "v1ApiRequestMs", "v1ApiTokenUs", "syncOutputUs"};
    /**
     * The API server's fields and {@code syncOutputUs} (from {@code apiLatencyMs} on) may be absent from a file written
     * before they existed: prior.
     */
    private static final int FIRST_OPTIONAL = 8;

    private static volatile FactorTable current;

    private final Map<Family, EfficiencyFactors> factors;
    private final Map<Family, Integer> userMeasurements;

    FactorTable(Map<Family, EfficiencyFactors> factors, Map<Family, Integer> userMeasurements) {
        this.factors = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            this.factors.put(f, factors.getOrDefault(f, EfficiencyFactors.prior(f)));
        }
        this.userMeasurements = new EnumMap<>(Family.class);
        this.userMeasurements.putAll(userMeasurements);
    }

    /** The table every model run uses: shipped factors with the current user's calibration on top, read once. */
    public static FactorTable current() {
        FactorTable t = current;
        if (t == null) {
            synchronized (FactorTable.class) {
                t = current;
                if (t == null) {
                    t = load(Optional.of(userFile(UserFolders.forCurrentUser())));
                    current = t;
                }
            }
        }
        return t;
    }

    /** Forgets the table read by {@link #current()} (after {@code kiq calibrate} wrote or removed the user file). */
    public static synchronized void reload() {
        current = null;
    }

    /** Where the user's calibration lives. */
    public static Path userFile(UserFolders folders) {
        return folders.configDir().resolve("calibration").resolve(USER_FILE);
    }

    /** A table of these factors (the prior for a family absent from the map), without user calibration. */
    public static FactorTable of(Map<Family, EfficiencyFactors> factors) {
        return new FactorTable(factors, Map.of());
    }

    /** The shipped factors only. */
    public static FactorTable shipped() {
        return load(Optional.empty());
    }

    /** The shipped factors, then the user's file if it exists (a damaged one is a user error naming it). */
    public static FactorTable load(Optional<Path> userFile) {
        Map<Family, EfficiencyFactors> map = new EnumMap<>(Family.class);
        Map<Family, Integer> user = new EnumMap<>(Family.class);
        try {
            // from the JSON copy the build writes of the file (TreeReader.readBundled): SnakeYAML stays unloaded
            TreeReader.readBundled(FactorTable.class, "/" + SHIPPED_RESOURCE)
                    .ifPresent(root -> parse(root, SHIPPED_RESOURCE, map, new EnumMap<>(Family.class)));
        } catch (UncheckedIOException e) {
            throw new KiqException("Cannot read the shipped calibration " + SHIPPED_RESOURCE + ": " + e.getMessage(), e);
        }
        if (userFile.isPresent() && Files.isRegularFile(userFile.get())) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(userFile.get());
            } catch (IOException e) {
                throw new DamagedCalibration(userFile.get().toString(), 0, Optional.empty(), "kiq cannot read it ("
                        + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()) + ")",
                        "; valid: a file kiq may read " + WRITES_AND_REMOVES, e);
            }
            parse(bytes, userFile.get().toString(), map, user);
        }
        return new FactorTable(map, user);
    }

    public EfficiencyFactors factors(Family family) {
        return factors.get(family);
    }

    /** Measured points the user's calibration added for this family, 0 when it uses the shipped factors. */
    public int userMeasurements(Family family) {
        return userMeasurements.getOrDefault(family, 0);
    }

    /** This table with one family's factors replaced (a user calibration of {@code measurements} points). */
    public FactorTable with(Family family, EfficiencyFactors f, int measurements) {
        Map<Family, EfficiencyFactors> map = new EnumMap<>(factors);
        map.put(family, f);
        Map<Family, Integer> user = new EnumMap<>(userMeasurements);
        if (measurements > 0) {
            user.put(family, measurements);
        } else {
            user.remove(family);
        }
        return new FactorTable(map, user);
    }

    static void parse(byte[] bytes, String origin, Map<Family, EfficiencyFactors> into, Map<Family, Integer> user) {
        JsonNode root;
        try {
            root = TreeReader.read(TreeReader.yaml(), bytes);
        } catch (tools.jackson.core.JacksonException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new DamagedCalibration(origin, line, Optional.empty(), "not a valid factors file: "
                    + dev.kiq.files.YamlLimits.describe(e.getOriginalMessage()), "; " + VALID_USER_FILE, e);
        } catch (RuntimeException e) {
            throw new DamagedCalibration(origin, 0, Optional.empty(), "not a valid factors file: " + e.getMessage(),
                    "; " + VALID_USER_FILE, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            // kiq never writes an empty file (AtomicWriter): read as no calibration, profiles re-modeled with one would disagree
            throw new DamagedCalibration(origin, 0, Optional.empty(), "the file is empty", "; " + VALID_USER_FILE, null);
        }
        new Walk(origin, bytes).table(root, into, user);
    }

    private static final String WRITES_AND_REMOVES = "(kiq calibrate --from writes this file; kiq calibrate --reset removes it)";
    private static final String VALID_USER_FILE = "valid: the file kiq calibrate --from writes (kiq calibrate --reset removes it).";

    /**
     * The user's calibration file ({@value #USER_FILE}) cannot be used. The message is the CLI's (how to rewrite or remove
     * the file with kiq calibrate); {@link #problem()} says what is wrong in plain words, for the wizard.
     */
    public static final class DamagedCalibration extends dev.kiq.profile.ProfileFormatException {
        private final String problem;

        DamagedCalibration(String file, int line, Optional<String> field, String problem, String cliRemedy, Throwable cause) {
            super(file, line, field, problem + cliRemedy, cause);
            this.problem = problem;
        }

        /** What is wrong, and what would be valid where that is a value, without command-line advice. */
        public String problem() {
            return problem;
        }
    }

    private static void parse(JsonNode root, String origin, Map<Family, EfficiencyFactors> into, Map<Family, Integer> user) {
        if (root.isMissingNode()) {
            return;
        }
        new Walk(origin, null).table(root, into, user);
    }

    /** Reads a factors file keeping the current path, so that a problem names its field (and, from the text, its line). */
    private static final class Walk extends dev.kiq.profile.FieldWalk {
        private static final List<String> FAMILY_FIELDS;

        static {
            List<String> fields = new ArrayList<>(List.of(FIELDS));
            fields.addAll(List.of("calibrated", "basis", "userMeasurements"));
            FAMILY_FIELDS = List.copyOf(fields);
        }

        Walk(String origin, byte[] content) {
            // the shipped table is read from its JSON copy (content null): a problem there is kiq's, not the user's
            super((field, at, problem) -> content == null
                    ? new dev.kiq.profile.ProfileFormatException(origin, 0, field.isEmpty() ? Optional.empty() : Optional.of(field), problem)
                    : new DamagedCalibration(origin, dev.kiq.profile.ProfileReader.lineOf(content, dev.kiq.profile.ProfileFormat.YAML,
                    dev.kiq.profile.ProfileValidator.pointer(at)), field.isEmpty() ? Optional.empty() : Optional.of(field),
                    problem, " " + WRITES_AND_REMOVES, null));
        }

        void table(JsonNode root, Map<Family, EfficiencyFactors> into, Map<Family, Integer> user) {
            List<String> keys = java.util.Arrays.stream(Family.values()).map(Family::key).toList();
            object(root, keys);
            for (String key : root.propertyNames()) {
                Family family = Family.ofKey(key).orElseThrow();
                in(key, () -> family(object(root.get(key), FAMILY_FIELDS), family, into, user));
            }
        }

        private void family(JsonNode n, Family family, Map<Family, EfficiencyFactors> into, Map<Family, Integer> user) {
            double[] v = new double[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                if (i >= FIRST_OPTIONAL && !n.has(FIELDS[i])) {
                    int k = i - FIRST_OPTIONAL;
                    v[i] = k < 3 ? EfficiencyFactors.V0_API_PRIOR[k] : k < 6 ? EfficiencyFactors.V1_API_PRIOR[k - 3]
                            : EfficiencyFactors.SYNC_OUTPUT_PRIOR_US;
                    continue;
                }
                v[i] = positiveNumber(n, FIELDS[i]);
            }
            into.put(family, new EfficiencyFactors(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                    v[11], v[12], v[13], v[14], n.path("calibrated").asBoolean(false), n.path("basis").asString("")));
            int measured = n.path("userMeasurements").asInt(0);
            if (measured > 0) {
                user.put(family, measured);
            } else {
                user.remove(family);
            }
        }
    }

    /** The file text for the given families, in a fixed order and number format (byte-reproducible). */
    public String toYaml(String header, Iterable<Family> families) {
        StringBuilder sb = new StringBuilder();
        for (String line : header.split("\n")) {
            sb.append("# ").append(line).append('\n');
        }
        for (Family family : families) {
            EfficiencyFactors f = factors(family);
            double[] v = {f.bandwidthFraction(), f.computeFraction(), f.iterationOverheadMs(), f.v1IterationOverheadMs(),
                    f.sequenceOverheadUs(),
                    f.v1SequenceOverheadUs(), f.allReduceLatencyUs(), f.interconnectFraction(), f.apiLatencyMs(),
                    f.apiRequestMs(), f.apiTokenUs(), f.v1ApiLatencyMs(), f.v1ApiRequestMs(), f.v1ApiTokenUs(), f.syncOutputUs()};
            sb.append(family.key()).append(":\n");
            for (int i = 0; i < FIELDS.length; i++) {
                sb.append("  ").append(FIELDS[i]).append(": ").append(String.format(Locale.ROOT, "%.4g", v[i])).append('\n');
            }
            sb.append("  calibrated: ").append(f.calibrated()).append('\n');
            sb.append("  basis: \"").append(f.basis().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            if (userMeasurements(family) > 0) {
                sb.append("  userMeasurements: ").append(userMeasurements(family)).append('\n');
            }
        }
        return sb.toString();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
