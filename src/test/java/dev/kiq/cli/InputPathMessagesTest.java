package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.perf.FactorTable;
import dev.kiq.settings.UserFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths a user gets wrong on the calibration and import verbs of issue 10, as a CLI walk from the packaged jar found
 * them (clismoke, 2026-12-03): a folder where a file goes, a file that does not exist, a folder that does not exist, a
 * JSON file cut short. Each must be one ERROR: line that says what is wrong with that path in plain words (not "no
 * such file" for a folder that is there, not the parser's internals), exit code 2, and leave the per-user folder as
 * it was.
 */
class InputPathMessagesTest {

    @TempDir
    Path root;
    private Path home;
    private String previousHome;

    @BeforeEach
    void privateHome() {
        previousHome = System.getProperty(UserFolders.HOME_PROPERTY);
        home = root.resolve("home");
        System.setProperty(UserFolders.HOME_PROPERTY, home.toString());
        FactorTable.reload();
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(UserFolders.HOME_PROPERTY);
        } else {
            System.setProperty(UserFolders.HOME_PROPERTY, previousHome);
        }
        FactorTable.reload();
    }

    /** Exit 2, exactly one ERROR: line (returned), no stack trace, nothing on stdout, nothing in the per-user folder. */
    private String oneError(CliFixtures.Run run) throws IOException {
        String context = "stdout:\n" + run.out() + "\nstderr:\n" + run.err();
        assertThat(run.exitCode()).as(context).isEqualTo(2);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("ERROR:")).toList();
        assertThat(errors).as(context).hasSize(1);
        assertThat(run.err()).as(context).doesNotContainPattern("(?m)^\\s+at [\\w$.]+\\(").doesNotContain("Exception");
        assertThat(run.out()).as(context).isEmpty();
        if (Files.exists(home)) {
            try (Stream<Path> left = Files.walk(home)) {
                assertThat(left.filter(Files::isRegularFile).toList()).as("files in the per-user folder; " + context).isEmpty();
            }
        }
        return errors.get(0);
    }

    /** A JSON document cut short in the middle of its first object, as a copy interrupted part way leaves it. */
    private Path truncatedJson(String name) throws IOException {
        return Files.writeString(root.resolve(name), "{\"modelServerInfo\": {\"model\": \"meta-llama/Meta-Llama-3-8B\"\n");
    }

    // ---- kiq calibrate --from

    @Test
    void calibrateFromAFolderSaysItIsAFolderAndWhatToGive() throws IOException {
        Path folder = Files.createDirectory(root.resolve("bench-results"));

        String error = oneError(CliFixtures.run("calibrate", "--from", folder.toString()));

        // before: "ERROR: --from .../bench-results: no such file." of a folder that is there
        assertThat(error).contains(folder.toString()).contains("is a folder").doesNotContain("no such file")
                .contains("valid: a measured profile");
    }

    @Test
    void calibrateFromAMissingFileSaysWhatIsValid() throws IOException {
        Path missing = root.resolve("measured.yaml");

        String error = oneError(CliFixtures.run("calibrate", "--from", missing.toString()));

        // before: "ERROR: --from .../measured.yaml: no such file." and nothing on what to give
        assertThat(error).contains(missing.toString()).contains("does not exist").contains("valid: a measured profile");
    }

    @Test
    void calibrateFromAJsonFileCutShortSaysSoInPlainWords() throws IOException {
        Path cut = truncatedJson("measured.json");

        String error = oneError(CliFixtures.run("calibrate", "--from", cut.toString()));

        // before: "... not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source:
        // REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])"
        assertThat(error).contains(cut.toString()).contains("not valid JSON").contains("cut short")
                .doesNotContain("Source:").doesNotContain("StreamReadFeature").doesNotContain("#UNKNOWN")
                .doesNotContain("marker");
    }

    // ---- kiq bench import

    private static CliFixtures.Run benchImport(Path file) {
        return CliFixtures.run("bench", "import", "--accelerator-type", "nvidia-l4", "--model-server-version", "v0.7.2",
                "--output-path", file.resolveSibling("imported.yaml").toString(), file.toString());
    }

    @Test
    void benchImportOfAMissingFileSaysItDoesNotExist() throws IOException {
        Path missing = root.resolve("vllm-8qps.json");

        String error = oneError(benchImport(missing));

        // before: "ERROR: Cannot read .../vllm-8qps.json: .../vllm-8qps.json." (the exception's message is the path)
        assertThat(error).contains(missing.toString()).contains("does not exist").doesNotContain(": " + missing + ".");
        assertThat(root.resolve("imported.yaml")).doesNotExist();
    }

    @Test
    void benchImportOfAFolderSaysItIsAFolder() throws IOException {
        Path folder = Files.createDirectory(root.resolve("results"));

        String error = oneError(benchImport(folder));

        // before: "ERROR: Cannot read .../results: Is a directory." (the operating system's words)
        assertThat(error).contains(folder.toString()).contains("folder");
        assertThat(root.resolve("imported.yaml")).doesNotExist();
    }

    @Test
    void benchImportOfAJsonFileCutShortSaysSoInPlainWords() throws IOException {
        Path cut = truncatedJson("vllm-8qps.json");

        String error = oneError(benchImport(cut));

        assertThat(error).contains(cut.toString()).contains("not JSON").contains("cut short")
                .doesNotContain("Source:").doesNotContain("StreamReadFeature").doesNotContain("#UNKNOWN");
        assertThat(root.resolve("imported.yaml")).doesNotExist();
    }

    // ---- kiq calibrate --corpus: the folder, its index, the docs file, all checked before the fit

    /** {@code kiq calibrate --corpus} of {@code corpusDir} (null: the corpus inside kiq). */
    private CliFixtures.Run corpus(Path corpusDir, Path docs) {
        List<String> args = new java.util.ArrayList<>(List.of("calibrate", "--corpus", "--reduced", "1", "--docs", docs.toString(),
                "--output-dir", root.resolve("out").toString()));
        if (corpusDir != null) {
            args.addAll(List.of("--corpus-dir", corpusDir.toString()));
        }
        return CliFixtures.run(args.toArray(String[]::new));
    }

    private Path docs() throws IOException {
        return Files.writeString(root.resolve("docs.md"), "# docs\n");
    }

    @Test
    void aCorpusFolderThatDoesNotExistIsSaidSo() throws IOException {
        Path missing = root.resolve("corpus");

        String error = oneError(corpus(missing, docs()));

        // before: "ERROR: Corpus folder .../corpus has no index.txt; ..." of a folder that is not there at all
        assertThat(error).contains(missing.toString()).contains("does not exist").doesNotContain("has no index.txt");
        assertThat(root.resolve("out")).doesNotExist();
    }

    @Test
    void aCorpusFileGivenAsTheCorpusFolderIsSaidToBeAFile() throws IOException {
        Path file = Files.writeString(root.resolve("wmx-l4-v1.yaml"), "points: []\n");

        String error = oneError(corpus(file, docs()));

        assertThat(error).contains(file.toString()).contains("is a file, not a folder").doesNotContain("has no index.txt");
        assertThat(root.resolve("out")).doesNotExist();
    }

    @Test
    void anIndexThatListsAFolderSaysItIsAFolder() throws IOException {
        Path dir = Files.createDirectory(root.resolve("corpus"));
        Files.writeString(dir.resolve("index.txt"), "sub.yaml\n");
        Files.createDirectory(dir.resolve("sub.yaml"));

        String error = oneError(corpus(dir, docs()));

        // before: "... lists sub.yaml, which does not exist in ..." of a folder that is there
        assertThat(error).contains("sub.yaml").contains("is a folder").doesNotContain("does not exist");
    }

    @Test
    void aDocsFolderIsSaidToBeAFolder() throws IOException {
        Path folder = Files.createDirectory(root.resolve("docs"));

        String error = oneError(corpus(null, folder));

        // before: "ERROR: --docs .../docs: no such file (run from the project's root, or give --docs)." of a folder
        assertThat(error).contains("--docs " + folder).contains("is a folder").doesNotContain("no such file");
    }
}
