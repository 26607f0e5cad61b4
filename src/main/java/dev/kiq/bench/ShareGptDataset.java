package dev.kiq.bench;

import dev.kiq.KiqException;
import dev.kiq.files.InputLimits;
import dev.kiq.perf.TokenLengthDistribution;
import dev.kiq.perf.UseCase;
import dev.kiq.perf.Workload;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.WorkloadShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real ShareGPT file (a JSON array of {@code {"conversations": [{"from": "human", "value": …},
 * {"from": "gpt", "value": …}, …]}}): the first human/gpt pair of each conversation, pairs with a
 * prompt or reply under 4 or over 1024 tokens dropped (vLLM's benchmark_serving filter), sampled with
 * replacement. Tokens are estimated as characters / 4 ({@link TokenEstimate}), not counted by the
 * model's tokenizer. Read as a stream, so the 640 MB public file does not need to fit in memory as a tree.
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

    /**
     * Reads the file as a stream.
     *
     * @throws KiqException bad input naming the file and what is wrong: missing, larger than
     *                      {@link InputLimits#DATASET}, not JSON, not an array of conversations, or without a
     *                      usable human/gpt pair
     */
    public static ShareGptDataset load(Path file) {
        InputLimits.DATASET.checkFile(file, "Dataset");
        List<BenchRequest> pairs = new ArrayList<>();
        // conversations are read one at a time from the array: the rest of it is not "trailing"
        JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        int conversations = 0;
        try (JsonParser parser = mapper.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new KiqException("Dataset " + file + " is not ShareGPT-shaped: it is " + (first == null ? "empty"
                        : "a JSON " + kind(first)) + ", not an array of conversations; " + EXPECTED);
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode conversation = mapper.readTree(parser);
                conversations++;
                JsonNode turns = conversation.get("conversations");
                if (turns == null || !turns.isArray()) {
                    throw new KiqException("Dataset " + file + " is not ShareGPT-shaped: conversation " + conversations
                            + " has no \"conversations\" list; " + EXPECTED);
                }
                firstPair(turns).ifPresent(pairs::add);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new KiqException("Dataset " + file + " is not ShareGPT-shaped: item " + (conversations + 1)
                        + " of its array is a JSON " + kind(parser.currentToken()) + ", not a conversation object; " + EXPECTED);
            }
        } catch (JacksonException e) {
            throw new KiqException("Dataset " + file + " is not JSON (" + dev.kiq.files.YamlLimits.describe(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr() + " column "
                            + e.getLocation().getColumnNr()) + "); " + EXPECTED);
        }
        if (pairs.isEmpty()) {
            throw new KiqException("Dataset " + file + " has no usable conversation: none of its " + conversations
                    + " conversations starts with a human turn and a gpt reply of " + MIN_TOKENS + " to " + MAX_TOKENS
                    + " tokens each (tokens counted as characters / 4).");
        }
        return new ShareGptDataset(file, pairs);
    }

    private static final String EXPECTED = "expected a JSON array of {\"conversations\": [{\"from\": \"human\", "
            + "\"value\": ...}, {\"from\": \"gpt\", \"value\": ...}]}.";

    private static String kind(JsonToken t) {
        if (t == null) {
            return "end of file";
        }
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * The file as a workload the performance model can simulate: the prompt and reply lengths of the pairs
     * {@link #pairs()} keeps (tokens estimated as characters / 4, {@link TokenEstimate}), as empirical
     * distributions, under the use case id {@value #USE_CASE} and the file's mean lengths.
     */
    public WorkloadChoice workloadChoice() {
        int[] in = pairs.stream().mapToInt(BenchRequest::promptTokens).toArray();
        int[] out = pairs.stream().mapToInt(BenchRequest::outputTokens).toArray();
        TokenLengthDistribution input = TokenLengthDistribution.empirical(in, KNOTS);
        TokenLengthDistribution output = TokenLengthDistribution.empirical(out, KNOTS);
        String name = "Dataset " + file.getFileName();
        Workload w = new Workload("dataset " + file.getFileName(), input, output);
        UseCase u = new UseCase(USE_CASE, name, false, "dataset", file + ": the first human/gpt pair of each of "
                + pairs.size() + " conversations, tokens estimated as characters / 4",
                UseCase.LengthTable.of(input), UseCase.LengthTable.of(output), w);
        double meanIn = java.util.Arrays.stream(in).average().orElse(0);
        double meanOut = java.util.Arrays.stream(out).average().orElse(0);
        return new WorkloadChoice(u, w, new WorkloadShape(USE_CASE, Math.round(meanIn), Math.round(meanOut)), false);
    }

    /** The use case id of profiles made for a dataset file. */
    public static final String USE_CASE = "dataset";
    /** Quantile knots of the empirical length distributions. */
    private static final int KNOTS = 41;

    @Override
    public java.util.Optional<WorkloadShape> shape() {
        return java.util.Optional.of(workloadChoice().shape());
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

    /** The conversations as a server of {@code maxModelLen} takes them: each one longer cut ({@link BenchRequest#within}). */
    @Override
    public RequestSource within(int maxModelLen, String model) {
        WorkloadShape mean = workloadChoice().shape();
        if (mean.meanInputTokens() + mean.meanOutputTokens() > maxModelLen) {
            throw new dev.kiq.KiqException(String.format(java.util.Locale.ROOT, "The dataset %s has mean lengths (%.0f input"
                    + " + %.0f output tokens) that exceed %s's context of %d tokens; valid: a dataset whose mean lengths sum to"
                    + " at most %d.", file, mean.meanInputTokens(), mean.meanOutputTokens(), model, maxModelLen, maxModelLen));
        }
        if (pairs.stream().allMatch(r -> r.within(maxModelLen) == r)) {
            return this;
        }
        return new ShareGptDataset(file, pairs.stream().map(r -> r.within(maxModelLen)).toList());
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
