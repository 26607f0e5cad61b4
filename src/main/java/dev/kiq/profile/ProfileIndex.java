package dev.kiq.profile;

import dev.kiq.catalog.TreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shipped profiles in one JSON document, {@value #RESOURCE} on the class path, so that a command reads one JSON
 * file instead of listing the jar's entries and parsing every profile's YAML (SnakeYAML was about three quarters of
 * a listing's start-up). Each entry is a profile's tree as {@link ProfileReader} accepted it, with the resource it
 * came from.
 *
 * <p>The build writes it from the profiles it bundles (the {@code profile-index} step of {@code process-classes}
 * runs {@link #main}), so it is never typed in and cannot go stale: a changed {@code profiles/} folder gives a new
 * index at the next build, a shipped profile that does not read fails the build, and {@code ProfileIndexTest} checks
 * that the index says what the {@code profiles/} folder says. Without an index on the class path (a class path
 * that did not go through the build) {@link ProfileRepository} reads the profile files themselves.
 */
public final class ProfileIndex {

    /** Class-path resource of the index (outside {@code profiles/}, so it is never taken for a profile). */
    public static final String RESOURCE = "profile-index.json";
    /** Bumped when the layout changes; an index of another layout is not used. */
    static final int LAYOUT = 1;

    private ProfileIndex() {
    }

    /** One shipped profile: the resource it came from ({@code shipped:profiles/...}) and the profile. */
    record Entry(String source, Profile profile) {
    }

    /**
     * Writes the index of the shipped profiles under {@code args[0]} (a folder laid out like {@code profiles/}, the
     * build's copy of it) to {@code args[1]}, and the JSON copies of its catalog and calibration files beside them. Exits non-zero, naming the file, when a profile does not read or two
     * describe the same profile.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ProfileIndex <profiles folder> <index file>");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        List<ProfileProblem> problems = ProfileRepository.load(root, List.of()).problems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("ERROR: " + p.message()));
            System.exit(1);
        }
        // and the JSON copies of the catalog and calibration files, read instead of their YAML (TreeReader.readBundled)
        TreeReader.writeJsonCopies(root.resolve("catalog"));
        TreeReader.writeJsonCopies(root.resolve("calibration"));
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, build(root));
    }

    /** The index of the shipped profiles under {@code root}, in the order {@link ProfileRepository} applies them. */
    static byte[] build(Path root) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ArrayNode entries = nodes.arrayNode();
        for (ProfileRepository.ShippedFile file : ProfileRepository.shippedFiles(root)) {
            ObjectNode entry = nodes.objectNode();
            entry.put("source", file.source());
            entry.set("profile", ProfileReader.validTree(Files.readAllBytes(file.path()), file.source(), file.format()));
            entries.add(entry);
        }
        ObjectNode index = nodes.objectNode();
        index.put("layout", LAYOUT);
        index.set("profiles", entries);
        return ProfileMappers.json().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(index);
    }

    /** The entries of the index on the class path; empty when there is none, or it has another layout. */
    static Optional<List<Entry>> bundled() {
        try (InputStream in = ProfileIndex.class.getResourceAsStream("/" + RESOURCE)) {
            return in == null ? Optional.empty() : read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<List<Entry>> read(byte[] index) {
        JsonNode root = TreeReader.read(TreeReader.JSON, index);
        if (root.path("layout").asInt() != LAYOUT) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : root.get("profiles")) {
            entries.add(new Entry(entry.get("source").asString(), ProfileReader.toProfile(entry.get("profile"))));
        }
        return Optional.of(entries);
    }
}
