package dev.kiq.corpus;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The published vLLM serving measurements kiq's performance model is calibrated and checked
 * against: one file per independent source under {@code profiles/published/}, listed in that
 * folder's {@code index.txt} so that the copy inside kiq's jar can be read too.
 */
public final class PublishedCorpus {

    /** The corpus folder, relative to the project root and to the classpath root. */
    public static final String FOLDER = "profiles/published";
    /** The file listing the corpus files of the folder, one name a line. */
    public static final String INDEX = "index.txt";
    /** The architectures of models outside the catalog that several sources use. */
    public static final String MODELS = "models.yaml";

    private static final class Bundled {
        static final PublishedCorpus CORPUS = loadBundled(Catalog.bundled());
    }

    private final List<CorpusSource> sources;
    private final List<PublishedPoint> points;

    private PublishedCorpus(List<CorpusReader.SourceFile> files) {
        this.sources = files.stream().map(CorpusReader.SourceFile::source).toList();
        this.points = files.stream().flatMap(f -> f.points().stream()).toList();
    }

    /** The corpus shipped inside kiq, read once (with the bundled catalog). */
    public static PublishedCorpus bundled() {
        return Bundled.CORPUS;
    }

    /**
     * Reads every file the folder's index lists.
     *
     * @throws dev.kiq.profile.ProfileFormatException for the first bad file, naming file, line and field
     * @throws KiqException when the folder or its index is missing, or the index and the folder disagree
     */
    public static PublishedCorpus load(Path folder, Catalog catalog) {
        Path index = folder.resolve(INDEX);
        // a folder that is not there, or a corpus file given for the folder, read "has no index.txt" (CLI walk, clismoke)
        if (!Files.exists(folder)) {
            throw new KiqException("Corpus folder " + folder + " does not exist; give the folder that holds " + INDEX
                    + " and the corpus files it lists.");
        }
        if (!Files.isDirectory(folder)) {
            throw new KiqException("Corpus folder " + folder + " is a file, not a folder; give the folder that holds " + INDEX
                    + " and the corpus files it lists.");
        }
        if (!Files.isRegularFile(index)) {
            throw new KiqException("Corpus folder " + folder + " has no " + INDEX + "; it lists the corpus files, one name a line.");
        }
        List<String> names = names(read(index), index.toString());
        List<String> present;
        try (Stream<Path> files = Files.list(folder)) {
            present = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals(MODELS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : present) {
            if (!names.contains(name)) {
                throw new KiqException("Corpus file " + folder.resolve(name) + " is not listed in " + index
                        + "; add its name there, one name a line.");
            }
        }
        Path modelsFile = folder.resolve(MODELS);
        Map<String, ModelArchitecture> models = Files.isRegularFile(modelsFile)
                ? CorpusReader.readModels(read(modelsFile), modelsFile.toString()) : Map.of();
        List<CorpusReader.SourceFile> files = new ArrayList<>();
        for (String name : names) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new KiqException(index + " lists " + name + ", which " + (Files.isDirectory(file) ? "is a folder, not a corpus file,"
                        : "does not exist") + " in " + folder + ".");
            }
            files.add(CorpusReader.read(read(file), file.toString(), catalog, models));
        }
        return new PublishedCorpus(files);
    }

    private static PublishedCorpus loadBundled(Catalog catalog) {
        String root = "/" + FOLDER + "/";
        Map<String, ModelArchitecture> models = CorpusReader.readModels(resource(root + MODELS), "shipped:" + FOLDER + "/" + MODELS);
        List<CorpusReader.SourceFile> files = new ArrayList<>();
        for (String name : names(resource(root + INDEX), "shipped:" + FOLDER + "/" + INDEX)) {
            files.add(CorpusReader.read(resource(root + name), "shipped:" + FOLDER + "/" + name, catalog, models));
        }
        return new PublishedCorpus(files);
    }

    private static byte[] resource(String name) {
        try (InputStream in = PublishedCorpus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kiq is built without its published corpus: " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KiqException("Corpus file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The names of an index: one a line, blank lines and {@code #} comments skipped. */
    private static List<String> names(byte[] index, String source) {
        List<String> names = new ArrayList<>();
        for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (!name.endsWith(".yaml") || name.contains("/")) {
                throw new KiqException(source + " lists \"" + name + "\"; valid: a file name ending in .yaml, one a line.");
            }
            names.add(name);
        }
        return names;
    }

    public List<CorpusSource> sources() {
        return sources;
    }

    public List<PublishedPoint> points() {
        return points;
    }

    /**
     * A smaller corpus for quick checks (CI's cross-validation): from every source, at most
     * {@code perSource} points, spread evenly over the source's list. Every source stays, so
     * leaving one source out still works.
     */
    public PublishedCorpus reduced(int perSource) {
        if (perSource < 1) {
            throw new IllegalArgumentException("perSource must be at least 1: " + perSource);
        }
        List<CorpusReader.SourceFile> files = new ArrayList<>();
        for (CorpusSource source : sources) {
            List<PublishedPoint> all = points.stream().filter(p -> p.source().equals(source)).toList();
            List<PublishedPoint> kept = new ArrayList<>();
            int n = Math.min(perSource, all.size());
            for (int i = 0; i < n; i++) {
                kept.add(all.get(n == 1 ? 0 : (int) Math.round(i * (all.size() - 1) / (double) (n - 1))));
            }
            files.add(new CorpusReader.SourceFile(source, kept));
        }
        return new PublishedCorpus(files);
    }

    /**
     * The corpus of CI's cross-validation and {@code kiq calibrate --corpus --reduced N}: the points that
     * are single runs (a knee replays a whole rate sweep of about twenty runs, which costs more than
     * all the others together), then at most {@code perSource} of every source ({@link #reduced}).
     * A source of knees only keeps no point.
     */
    public PublishedCorpus quickCheck(int perSource) {
        List<CorpusReader.SourceFile> files = new ArrayList<>();
        for (CorpusSource source : sources) {
            files.add(new CorpusReader.SourceFile(source, points.stream()
                    .filter(p -> p.source().equals(source) && p.workload().arrival().kind() != Arrival.Kind.KNEE).toList()));
        }
        return new PublishedCorpus(files).reduced(perSource);
    }

    /** The points of one combination (model id case-insensitive, as on the Hub), sorted by source then file order. */
    public List<PublishedPoint> pointsFor(String model, String accelerator, int count) {
        return points.stream()
                .filter(p -> p.model().id().equalsIgnoreCase(model) && p.accelerator().equals(accelerator) && p.count() == count)
                .sorted(Comparator.comparing((PublishedPoint p) -> p.source().id()).thenComparingInt(PublishedPoint::line))
                .toList();
    }

    /** The points of every source except one: the training set of leave-one-source-out. */
    public List<PublishedPoint> without(String sourceId) {
        return points.stream().filter(p -> !p.source().id().equals(sourceId)).toList();
    }
}
