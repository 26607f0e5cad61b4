package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.WorkloadShape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 §1: a ShareGPT-style file as a workload, and one clear message for each way a file can be wrong. */
class ShareGptDatasetTest {

    @TempDir
    Path dir;

    private static String turn(String from, int characters) {
        return "{\"from\": \"" + from + "\", \"value\": \"" + "x".repeat(characters) + "\"}";
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void theFirstHumanGptPairOfEachConversationGivesTheLengthsAtFourCharactersPerToken() throws Exception {
        Path f = file("chats.json", "[\n"
                // 40 and 80 characters: 10 and 20 tokens
                + "{\"conversations\": [" + turn("human", 40) + ", " + turn("gpt", 80) + ", " + turn("human", 4000) + "]},\n"
                // 120 and 40 characters: 30 and 10 tokens
                + "{\"id\": \"b\", \"conversations\": [" + turn("human", 120) + ", " + turn("gpt", 40) + "]},\n"
                // starts with the model: the pair is the next human turn and its reply, 50 and 40 tokens
                + "{\"conversations\": [" + turn("gpt", 12) + ", " + turn("human", 200) + ", " + turn("gpt", 160) + "]},\n"
                // a 2-token prompt is under vLLM's 4-token floor: dropped
                + "{\"conversations\": [" + turn("human", 8) + ", " + turn("gpt", 400) + "]},\n"
                + "{\"conversations\": []}\n"
                + "]\n");

        ShareGptDataset dataset = ShareGptDataset.load(f);
        WorkloadChoice choice = dataset.workloadChoice();

        assertThat(dataset.size()).isEqualTo(3);
        // means (10 + 30 + 50) / 3 = 30 input, (20 + 10 + 40) / 3 = 23.3 output
        assertThat(choice.shape()).isEqualTo(new WorkloadShape("dataset", 30, 23));
        assertThat(choice.isDefault()).isFalse();
        assertThat(choice.workload().input().min()).isEqualTo(10);
        assertThat(choice.workload().input().max()).isEqualTo(50);
        assertThat(choice.workload().output().max()).isEqualTo(40);
        assertThat(choice.label()).startsWith("Dataset chats.json (mean 30 input / 23 output tokens)");
        assertThat(dataset.shape()).contains(choice.shape());
    }

    @Test
    void aFileThatIsNotShareGptShapedNamesTheFileAndWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> ShareGptDataset.load(file("o.json", "{\"conversations\": []}")))
                .isInstanceOf(KiqException.class).hasMessageContaining("o.json")
                .hasMessageContaining("is not ShareGPT-shaped: it is a JSON object, not an array of conversations");
        assertThatThrownBy(() -> ShareGptDataset.load(file("n.json", "[1, 2]")))
                .hasMessageContaining("n.json is not ShareGPT-shaped: item 1 of its array is a JSON number");
        assertThatThrownBy(() -> ShareGptDataset.load(file("c.json", "[{\"conversations\": []}, {\"turns\": []}]")))
                .hasMessageContaining("c.json is not ShareGPT-shaped: conversation 2 has no \"conversations\" list");
        assertThatThrownBy(() -> ShareGptDataset.load(file("t.json", "[{\"conversations\": [")))
                .hasMessageContaining("t.json is not JSON (").hasMessageContaining("line 1");
        assertThatThrownBy(() -> ShareGptDataset.load(file("e.json", "")))
                .hasMessageContaining("e.json is not ShareGPT-shaped: it is empty");
        assertThatThrownBy(() -> ShareGptDataset.load(file("u.json", "[{\"conversations\": [" + turn("human", 40)
                + ", " + turn("human", 40) + "]}]")))
                .hasMessageContaining("u.json has no usable conversation: none of its 1 conversations");
        assertThatThrownBy(() -> ShareGptDataset.load(dir.resolve("missing.json")))
                .hasMessageContaining("missing.json does not exist");
    }

    @Test
    void aFileOverTheDatasetLimitIsRefusedBeforeReading() throws Exception {
        Path huge = dir.resolve("huge.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength((1L << 30) + 1);
        }
        assertThatThrownBy(() -> ShareGptDataset.load(huge)).isInstanceOf(KiqException.class)
                .hasMessageContaining("huge.json is larger than 1024.0 MB");
    }
}
