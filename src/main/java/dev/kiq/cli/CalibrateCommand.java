package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.Plural;
import dev.kiq.calibration.CalibrationCase;
import dev.kiq.calibration.CalibrationFiles;
import dev.kiq.calibration.CorpusCalibration;
import dev.kiq.calibration.FactorFit;
import dev.kiq.calibration.NestedCrossValidation;
import dev.kiq.calibration.UserCalibration;
import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.files.AtomicWriter;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.ShippedProfiles;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.settings.UserData;
import dev.kiq.settings.UserFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiq calibrate}: fit the performance model's efficiency factors to measurements. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {
                "Fit the performance model's efficiency factors to measurements.",
                "--from FILE: refit the accelerator family of your measured vLLM profiles (kiq bench run or kiq bench import), "
                        + "print the error before and after, and save the factors for you: from then on simulate, profiles list, "
                        + "manifests create and the wizard use them. --reset returns to the shipped factors.",
                "--corpus: (maintainers) fit every family to the published corpus, cross-validate leaving one source out, "
                        + "and write profiles/calibration/ and the accuracy section of docs/performance-model.md."})
final class CalibrateCommand implements Callable<Integer> {

    /** What --from takes, as its messages say it. */
    static final String MEASURED_FILE = "a measured profile file (yaml or json) that kiq bench run or kiq bench import wrote";

    /** Folder under the per-user profiles folder that holds the profiles re-modeled with the user's factors. */
    static final String CALIBRATED_PROFILES = "calibrated";

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE", description = "A measured profile (yaml or json); repeat for several.")
    List<Path> from = new ArrayList<>();

    @Option(names = "--reset", description = "Forget your calibration and use the shipped factors again.")
    boolean reset;

    @Option(names = "--corpus", description = "Fit to the published corpus and cross-validate (writes --output-dir and --docs).")
    boolean corpus;

    @Option(names = "--corpus-dir", paramLabel = "DIR", description = "Corpus folder (default: the corpus inside kiq).")
    Path corpusDir;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "profiles/calibration",
            description = "Where --corpus writes factors.yaml and accuracy.yaml (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--docs", paramLabel = "FILE", defaultValue = "docs/performance-model.md",
            description = "Docs file whose generated accuracy section --corpus rewrites (default: ${DEFAULT-VALUE}).")
    Path docs;

    @Option(names = "--reduced", paramLabel = "N",
            description = "With --corpus: a quick check on single runs (no knees), at most N points per source (CI's cross-validation).")
    Integer reduced;

    @Option(names = "--nested",
            description = "With --corpus: (maintainers) the nested leave-one-source-out cross-validation of the fit's sigma "
                    + "(about six plain cross-validations); rewrites only its section of --docs.")
    boolean nested;

    @Override
    public Integer call() {
        if (nested && !corpus) {
            throw new KiqException("--nested goes with --corpus (kiq calibrate --corpus --nested).");
        }
        int modes = (from.isEmpty() ? 0 : 1) + (reset ? 1 : 0) + (corpus ? 1 : 0);
        if (modes != 1) {
            throw new KiqException("Give exactly one of --from FILE, --reset or --corpus.");
        }
        PrintWriter out = spec.commandLine().getOut();
        Catalog catalog = Catalog.bundled();
        if (reset) {
            return reset(out);
        }
        if (corpus) {
            return corpus(out, catalog);
        }
        return fromMeasurements(out, catalog);
    }

    private int reset(PrintWriter out) {
        UserFolders folders = UserFolders.forCurrentUser();
        Path factors = FactorTable.userFile(folders);
        Path profiles = folders.profilesDir().resolve(CALIBRATED_PROFILES);
        boolean any = Files.exists(factors) || Files.exists(profiles);
        if (!any) {
            out.println("You have no calibration of your own; kiq uses the shipped factors.");
            return 0;
        }
        try {
            deleteTree(profiles);
            Files.deleteIfExists(factors);
        } catch (IOException e) {
            throw new KiqException("Cannot remove your calibration (" + factors + ", " + profiles + "): " + e.getMessage(), e);
        }
        FactorTable.reload();
        out.println("Removed your calibration (" + factors + " and the profiles re-modeled with it under " + profiles
                + "); kiq uses the shipped factors again.");
        return 0;
    }

    private int fromMeasurements(PrintWriter out, Catalog catalog) {
        Map<Family, List<CalibrationCase>> byFamily = new EnumMap<>(Family.class);
        Map<Path, Path> given = new LinkedHashMap<>();
        Map<String, Profile> read = new LinkedHashMap<>();
        for (Path file : from) {
            if (!Files.isRegularFile(file)) {
                // a folder that is there read "no such file" (CLI walk, clismoke: --from a folder of bench results)
                throw new KiqException("--from " + file + (!Files.exists(file) ? " does not exist"
                        : Files.isDirectory(file) ? " is a folder, not a file" : " is not a regular file")
                        + "; valid: " + MEASURED_FILE + ".");
            }
            Path first = given.putIfAbsent(realPath(file), file);
            if (first != null) {
                throw new KiqException("--from " + file + " is given twice" + (first.equals(file) ? "" : " (also as " + first + ")")
                        + ": its points would weigh twice in the fit; valid: each measured file once.");
            }
            Profile p = ProfileReader.read(file);
            UserCalibration.refuseRepeats(p, file.toString(), read);
            read.put(file.toString(), p);
            for (CalibrationCase c : UserCalibration.cases(p, file.toString(), catalog)) {
                byFamily.computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c);
            }
        }
        UserFolders folders = UserFolders.forCurrentUser();
        Path factorsFile = FactorTable.userFile(folders);
        FactorTable current = FactorTable.load(java.util.Optional.of(factorsFile));
        // a factors file that cannot be replaced must not cost the fit's minutes
        AtomicWriter.checkWritable(factorsFile, true);
        FactorTable updated = current;
        List<String> worse = new ArrayList<>();
        List<String> unreproduced = new ArrayList<>();
        boolean kneeNotHeld = false;
        for (Map.Entry<Family, List<CalibrationCase>> e : byFamily.entrySet()) {
            out.println("Calibrating " + e.getKey().key() + " from " + Plural.of(UserCalibration.points(e.getValue()), "measured point")
                    + " (" + Plural.of(UserCalibration.measurements(e.getValue()), "measurement") + ")…");
            out.flush();
            UserCalibration.Result r = UserCalibration.calibrate(e.getKey(), e.getValue(), current);
            out.printf(Locale.ROOT, "%s: median absolute error of your measurements %.1f%% before, %.1f%% after%n",
                    r.family().key(), 100 * r.errorBefore(), 100 * r.errorAfter());
            out.println("  before: " + describe(r.before()));
            out.println("  after:  " + describe(r.after()));
            if (!r.fit().kneesHeld()) {
                kneeNotHeld = true;
                out.println("WARNING: the " + r.family().key() + " fit could not hold your measured knee within ±"
                        + Math.round(100 * FactorFit.KNEE_MARGIN) + "%: " + String.join("; ", e.getValue().stream()
                        .filter(CalibrationCase::isKnee).map(c -> CorpusCalibration.kneeError(c, r.after())).toList()));
            }
            String sources = String.join(", ", e.getValue().stream().map(CalibrationCase::source).distinct().toList());
            if (!r.improves()) {
                worse.add(String.format(Locale.ROOT, "%s (%s: %.1f%% before, %.1f%% after)", r.family().key(), sources,
                        100 * r.errorBefore(), 100 * r.errorAfter()));
            } else if (!r.plausible()) {
                List<String> peak = r.atPeak();
                unreproduced.add(String.format(Locale.ROOT, "%s (%s: %.1f%% after the refit, %.1f%% before)%s",
                        r.family().key(), sources, 100 * r.errorAfter(), 100 * r.errorBefore(), peak.isEmpty() ? ""
                                : ", which needs at least " + Math.round(100 * UserCalibration.PEAK) + "% of the accelerators' peak "
                                + String.join(" and ", peak) + ": faster than they can serve"));
            }
            updated = updated.with(r.family(), r.after(), r.measurements());
        }
        if (worse.isEmpty() && !unreproduced.isEmpty()) {
            // saved, these factors would put numbers far from physics into simulate, the tables and the wizard, and
            // still not reproduce the user's measurements: nothing is written
            throw new KiqException(String.format(Locale.ROOT, "Nothing saved: the refit does not model a real "
                    + "server (at most %d%% median error of your measurements, below the accelerators' peak), %s; your factors and profiles are as they were. Such "
                    + "measurements describe another setup than the profile names. Valid: a measured profile whose "
                    + "acceleratorType, acceleratorCount, modelServerVersion and serverConfig are those of the server "
                    + "you measured, measured with a client that was not itself the bottleneck.",
                    Math.round(100 * UserCalibration.REPRODUCTION_LIMIT), String.join("; ", unreproduced)));
        }
        if (!worse.isEmpty()) {
            // saved, these factors would tell simulate, the tables and the wizard numbers further from the user's own
            // measurements than the factors in use: nothing is written
            throw new KiqException("Nothing saved: the refit predicts your measurements worse than the factors in use, "
                    + String.join("; ", worse) + "; your factors and profiles are as they were. " + (kneeNotHeld
                    ? "A knee the fit cannot hold (the warning above) pulls every factor toward it: the knee of a few measured "
                    + "rates can lie far from the knee of the model's own rate sweep. Valid: measurements the refit predicts "
                    + "better, such as a sweep of more rates (kiq bench run --sweep) or the profile without its knee."
                    : "Valid: measurements the refit predicts better (more rates, more requests per rate)."));
        }
        String header = "Your calibration of kiq's performance model (kiq calibrate --from). kiq calibrate --reset removes it.";
        String yaml = updated.toYaml(header, byFamilyWithUser(updated));
        // re-model the shipped profiles of the calibrated families with the new factors, then put everything in place
        Path profilesDir = UserData.open().createProfilesDir();
        Path target = profilesDir.resolve(CALIBRATED_PROFILES);
        FactorTable table = updated;
        List<ShippedProfiles.Target> targets = ShippedProfiles.targets(catalog, s -> { }).stream()
                .filter(t -> table.userMeasurements(Family.of(t.accelerator())) > 0).toList();
        out.println("Re-modeling " + targets.size() + " profiles with your factors…");
        out.flush();
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        Path staging;
        try {
            staging = Files.createTempDirectory(profilesDir, "." + CALIBRATED_PROFILES + "-");
        } catch (IOException e) {
            throw new KiqException("Cannot write under " + profilesDir + ": " + e.getMessage(), e);
        }
        Path old = profilesDir.resolve("." + CALIBRATED_PROFILES + "-old");
        boolean keptOld = false;
        boolean placed = false;
        try {
            ShippedProfiles.generate(targets, t -> t.simulate(table, date), staging, f -> { });
            deleteTree(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                keptOld = true;
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            placed = true;
            AtomicWriter.writeCreatingFolders(factorsFile, yaml);
            deleteTree(old);
        } catch (IOException | RuntimeException e) {
            // the factors file is replaced last: until then the profiles re-modeled with the previous factors go back
            restore(target, old, keptOld, placed, e);
            throw e instanceof IOException io ? new KiqException("Cannot save your calibration under " + profilesDir + ": "
                    + io.getMessage(), io) : (RuntimeException) e;
        } finally {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // moved into place, or the first error says more
            }
        }
        FactorTable.reload();
        out.println("Saved to " + factorsFile + " (and " + targets.size() + " re-modeled profiles under " + target + ").");
        out.println("simulate, profiles list, manifests create and the wizard now use them; kiq calibrate --reset returns to the shipped factors.");
        return 0;
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** Puts the previous calibration's profiles back in place after a failed save; a failure of that joins the first. */
    private static void restore(Path target, Path old, boolean keptOld, boolean placed, Exception first) {
        try {
            if (placed) {
                deleteTree(target);
            }
            if (keptOld) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            first.addSuppressed(e);
        }
    }

    private static List<Family> byFamilyWithUser(FactorTable table) {
        return Stream.of(Family.values()).filter(f -> table.userMeasurements(f) > 0).toList();
    }

    static String describe(EfficiencyFactors f) {
        return String.format(Locale.ROOT, "f_bw %.3f, f_c %.3f, overhead V0 %.2f ms, V1 %.2f ms, V0 %.1f µs/seq, V1 %.1f µs/seq, "
                        + "all-reduce step %.2f µs, f_link %.3f, API server V0 %.1f ms + %.2f ms/request + %.1f µs/token, "
                        + "V1 %.1f ms + %.2f ms/request + %.1f µs/token", f.bandwidthFraction(), f.computeFraction(),
                f.iterationOverheadMs(), f.v1IterationOverheadMs(),
                f.sequenceOverheadUs(), f.v1SequenceOverheadUs(), f.allReduceLatencyUs(), f.interconnectFraction(),
                f.apiLatencyMs(), f.apiRequestMs(), f.apiTokenUs(), f.v1ApiLatencyMs(), f.v1ApiRequestMs(), f.v1ApiTokenUs());
    }

    private int corpus(PrintWriter out, Catalog catalog) {
        PublishedCorpus published = corpusDir == null ? PublishedCorpus.bundled() : PublishedCorpus.load(corpusDir, catalog);
        if (reduced != null) {
            if (reduced < 1) {
                throw new KiqException("--reduced " + reduced + " is not valid; give at least 1 point per source.");
            }
            published = published.quickCheck(reduced);
        }
        if (!Files.isRegularFile(docs)) {
            throw new KiqException("--docs " + docs + (Files.isDirectory(docs) ? " is a folder; give the docs file itself"
                    : ": no such file") + " (run from the project's root, or give --docs).");
        }
        // a typo in a path, or the files of an interrupted run, must not cost the fit's minutes
        AtomicWriter.checkWritable(docs, false);
        AtomicWriter.checkWritable(outputDir.resolve(CalibrationFiles.FACTORS), true);
        AtomicWriter.checkWritable(outputDir.resolve(CalibrationFiles.ACCURACY), true);
        if (!nested) {
            AtomicWriter.checkNoStaged(corpusOutputs());
        }
        if (nested) {
            try {
                // a docs file without the nested section must not cost the nested cross-validation's minutes
                CalibrationFiles.replaceSection(Files.readString(docs, StandardCharsets.UTF_8), "",
                        CalibrationFiles.NESTED_BEGIN, CalibrationFiles.NESTED_END);
            } catch (IOException e) {
                throw new KiqException("Cannot read " + docs + ": " + e.getMessage(), e);
            } catch (KiqException e) {
                throw new KiqException("--docs " + docs + ": " + e.getMessage() + "; add those two lines where the section goes.");
            }
        }
        CorpusCalibration calibration = CorpusCalibration.of(published, catalog);
        out.println(calibration.cases().size() + " published runs from " + published.sources().size() + " sources; "
                + calibration.skipped().size() + " not replayed.");
        out.flush();
        if (nested) {
            return nested(out, calibration);
        }
        // the fit and the cross-validation are independent: they run side by side
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<Double> cvDone = new java.util.concurrent.CompletableFuture<>();
        CorpusCalibration.CrossValidation[] cvResult = new CorpusCalibration.CrossValidation[1];
        Thread cvThread = new Thread(() -> {
            try {
                cvResult[0] = calibration.crossValidate(s -> progress(out, s));
                cvDone.complete((System.nanoTime() - wall0) / 1e9);
            } catch (Throwable t) {
                cvDone.completeExceptionally(t);
            }
        }, "kiq-cross-validation");
        cvThread.setDaemon(true);
        cvThread.start();
        Map<Family, FactorFit.Result> fits = calibration.fitAll(s -> progress(out, s));
        double fitWall = (System.nanoTime() - wall0) / 1e9;
        double cvWall;
        try {
            cvWall = cvDone.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KiqException("cross-validation failed: " + e.getCause(), e);
        }
        CorpusCalibration.CrossValidation cv = cvResult[0];
        double cpu = (cpuNanos() - cpu0) / 1e9;
        String timing = String.format(Locale.ROOT, "Fit over %d runs and cross-validation (%d refits) side by side: fit %.1f s wall, "
                        + "cross-validation %.1f s wall, %.1f s CPU (process) for both; on %d cores, load average %.1f when it ran.",
                calibration.cases().size(), cv.errors().stream().map(e -> e.source() + e.family()).distinct().count(),
                fitWall, cvWall, cpu, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String> knees = calibration.kneeErrors(fits);
        fits.forEach((family, r) -> {
            if (!r.kneesHeld()) {
                out.println("WARNING: the " + family.key() + " fit could not hold its published knees within ±"
                        + Math.round(100 * FactorFit.KNEE_MARGIN) + "%: check CalibrationTest before shipping these factors.");
            }
        });
        List<Path> targets = corpusOutputs();
        LinkedHashMap<Path, String> files = new LinkedHashMap<>();
        files.put(targets.get(0), CalibrationFiles.factorsYaml(fits));
        files.put(targets.get(1), CalibrationFiles.accuracyYaml(cv, catalog));
        try {
            String text = Files.readString(docs, StandardCharsets.UTF_8);
            files.put(targets.get(2), CalibrationFiles.replaceSection(text,
                    CalibrationFiles.docsSection(cv, calibration.priorErrors(), fits, knees, calibration.skipped(), timing)));
        } catch (IOException e) {
            throw new KiqException("Cannot read " + docs + ": " + e.getMessage(), e);
        }
        // the three describe one fit: staged whole, then put in place in this order (AtomicWriter.writeAllCreatingFolders)
        AtomicWriter.writeAllCreatingFolders(files);
        out.printf(Locale.ROOT, "Cross-validated median absolute error: %.1f%% overall%n", 100 * cv.median(null, null));
        for (Family f : Family.values()) {
            double m = cv.median(f, null);
            if (!Double.isNaN(m)) {
                out.printf(Locale.ROOT, "  %-10s %.1f%%%n", f.key(), 100 * m);
            }
        }
        for (dev.kiq.calibration.CalibrationCase.MetricGroup g : dev.kiq.calibration.CalibrationCase.MetricGroup.values()) {
            double m = cv.median(null, g);
            if (!Double.isNaN(m)) {
                out.printf(Locale.ROOT, "  %-10s %.1f%%%n", g.label(), 100 * m);
            }
        }
        knees.forEach(k -> out.println("  knee " + k));
        out.println(timing);
        out.println("Wrote " + String.join(", ", files.keySet().stream().map(Path::toString).toList()) + ".");
        return 0;
    }

    /** What --corpus writes, in the order it puts them in place: factors.yaml, accuracy.yaml, the docs. */
    private List<Path> corpusOutputs() {
        return List.of(outputDir.resolve(CalibrationFiles.FACTORS), outputDir.resolve(CalibrationFiles.ACCURACY), docs);
    }

    private int nested(PrintWriter out, CorpusCalibration calibration) {
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        NestedCrossValidation.Result r = NestedCrossValidation.run(calibration.cases(), s -> progress(out, s));
        String timing = String.format(Locale.ROOT, "Nested cross-validation over %d runs (%d distinct fits): %.1f s wall, %.1f s CPU "
                        + "(process); on %d cores, load average %.1f when it ended.", calibration.cases().size(), r.fits(),
                (System.nanoTime() - wall0) / 1e9, (cpuNanos() - cpu0) / 1e9, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String section = CalibrationFiles.nestedSection(r, FactorFit.SIGMA_BETWEEN_SOURCES, timing);
        try {
            String text = Files.readString(docs, StandardCharsets.UTF_8);
            AtomicWriter.writeCreatingFolders(docs, CalibrationFiles.replaceSection(text, section,
                    CalibrationFiles.NESTED_BEGIN, CalibrationFiles.NESTED_END));
        } catch (IOException e) {
            throw new KiqException("Cannot read " + docs + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "Nested cross-validated median absolute error: %.3f%% overall (σ chosen in each fold), "
                + "%.3f%% (σ chosen per family)%n", 100 * r.nested().median(null, null), 100 * r.nestedPerFamily().median(null, null));
        for (Family f : Family.values()) {
            double m = r.nested().median(f, null);
            if (!Double.isNaN(m)) {
                out.printf(Locale.ROOT, "  %-10s %.1f%% (per-family σ: %.1f%%)%n", f.key(), 100 * m, 100 * r.nestedPerFamily().median(f, null));
            }
        }
        for (dev.kiq.calibration.CalibrationCase.MetricGroup g : dev.kiq.calibration.CalibrationCase.MetricGroup.values()) {
            double m = r.nested().median(null, g);
            if (!Double.isNaN(m)) {
                out.printf(Locale.ROOT, "  %-10s %.1f%%%n", g.label(), 100 * m);
            }
        }
        for (NestedCrossValidation.Fold f : r.folds()) {
            out.printf(Locale.ROOT, "  without %s: σ %s chosen (inner %s)%n", f.source(), CalibrationFiles.sigma(f.chosen()),
                    f.innerMedian().stream().map(m -> String.format(Locale.ROOT, "%.1f%%", 100 * m)).toList());
        }
        for (int i = 0; i < r.grid().size(); i++) {
            out.printf(Locale.ROOT, "  plain leave-one-source-out at σ %s: %.3f%%%n", CalibrationFiles.sigma(r.grid().get(i)), 100 * r.loso().get(i).median(null, null));
        }
        out.printf(Locale.ROOT, "On the whole corpus the rule chooses σ %s.%n", CalibrationFiles.sigma(r.ruleSigma()));
        out.println(timing);
        out.println("Wrote the nested section of " + docs + ".");
        return 0;
    }

    private static void progress(PrintWriter out, String s) {
        out.println("  " + s);
        out.flush();
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
