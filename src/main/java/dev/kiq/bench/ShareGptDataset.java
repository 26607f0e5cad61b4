package dev.kiq.bench;

import dev.kiq.KiqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real ShareGPT file (a JSON array of {@code {"conversations": [{"from": "human", "value": …},
 * {"from": "gpt", "value": …}, …]}}): the first human/gpt pair of each conversation, pairs with a
 * prompt or reply under 4 or over 1024 tokens dropped, sampled with replacement. Read as a stream, so
 * the 600 MB public file does not need to fit in memory as a tree.
 */
public final class ShareGptDataset implements RequestSource {

    public static final int MIN_TOKENS = 4;
    public static final int MAX_TOKENS = 1024;

    private final Path file;
    private final List<BenchRequest> pairs;

    private ShareGptDataset(Path file, List<BenchRequest> pairs) {
        this.file = file;
        this.pairs = List.copyOf(pairs);
    }

    public static ShareGptDataset load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KiqException("Dataset " + file + " does not exist; give a ShareGPT JSON file (an array of {\"conversations\": [...]}).");
        }
        List<BenchRequest> pairs = new ArrayList<>();
        JsonMapper mapper = JsonMapper.builder().build();
        int conversations = 0;
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode conversation = it.nextValue();
                conversations++;
                firstPair(conversation.path("conversations")).ifPresent(pairs::add);
            }
        } catch (JacksonException e) {
            throw new KiqException("Dataset " + file + " is not ShareGPT JSON (" + e.getOriginalMessage()
                    + "); expected an array of {\"conversations\": [{\"from\": \"human\", \"value\": ...}, {\"from\": \"gpt\", ...}]}.");
        }
        if (pairs.isEmpty()) {
            throw new KiqException("Dataset " + file + " has no human/gpt pair of " + MIN_TOKENS + " to " + MAX_TOKENS
                    + " tokens among its " + conversations + " conversations.");
        }
        return new ShareGptDataset(file, pairs);
    }

    private static java.util.Optional<BenchRequest> firstPair(JsonNode turns) {
        for (int i = 0; i + 1 < turns.size(); i++) {
            JsonNode human = turns.get(i);
            JsonNode gpt = turns.get(i + 1);
            if ("human".equals(human.path("from").asString("")) && "gpt".equals(gpt.path("from").asString(""))) {
                String prompt = human.path("value").asString("");
                int in = TokenEstimate.count(prompt);
                int out = TokenEstimate.count(gpt.path("value").asString(""));
                if (in < MIN_TOKENS || in > MAX_TOKENS || out < MIN_TOKENS || out > MAX_TOKENS) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new BenchRequest(prompt, in, out));
            }
        }
        return java.util.Optional.empty();
    }

    public int size() {
        return pairs.size();
    }

    public List<BenchRequest> pairs() {
        return pairs;
    }

    @Override
    public BenchRequest next(SplittableRandom random) {
        return pairs.get(random.nextInt(pairs.size()));
    }

    @Override
    public String description() {
        return "sharegpt:" + file.getFileName();
    }
}
