package dev.kiq.monitor;

import dev.kiq.KiqException;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.bench.RequestRecord;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One prompt sent to an OpenAI-compatible endpoint and streamed back token by token ({@code kiq try}, the
 * wizard's "Try it" pane), with the figures a person checks: time to first token, tokens and tokens/s.
 */
public final class Trial {

    /**
     * @param model  the model the endpoint served it with
     * @param record the client's timings of the request
     */
    public record Result(String model, String text, RequestRecord record) {

        public double ttftMillis() {
            return record.ttftNanos() / 1e6;
        }

        public int tokens() {
            return record.outputTokens();
        }

        public double seconds() {
            return record.e2eNanos() / 1e9;
        }

        /** Tokens per second of the whole reply, first token included. */
        public double tokensPerSecond() {
            return record.e2eNanos() > 0 ? record.outputTokens() / (record.e2eNanos() / 1e9) : 0;
        }

        /** One line: {@code TTFT 120 ms, 57 tokens in 1.52 s, 37.5 tokens/s}. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "TTFT %s ms, %d tokens in %s s, %s tokens/s", Assessment.num(ttftMillis()),
                    tokens(), Assessment.num(seconds()), Assessment.num(tokensPerSecond()));
        }
    }

    private Trial() {
    }

    /**
     * @param model empty: the first model the endpoint lists
     * @throws KiqException in plain words when the endpoint cannot be reached, does not serve the model or fails
     */
    public static Result run(URI endpoint, Optional<String> model, OpenAiStreamClient.Api api, String prompt, int maxTokens,
                             Duration timeout, Consumer<String> onText) {
        if (prompt.isBlank()) {
            throw new KiqException("The prompt is empty; type a prompt (or pipe one on standard input).");
        }
        if (maxTokens < 1) {
            throw new KiqException("--max-tokens must be at least 1, got " + maxTokens + ".");
        }
        String served = servedModel(endpoint, model);
        try (OpenAiStreamClient client = new OpenAiStreamClient(endpoint, served, api, 1, timeout)) {
            StringBuilder text = new StringBuilder();
            CompletableFuture<RequestRecord> done = new CompletableFuture<>();
            client.stream(prompt, maxTokens, piece -> {
                text.append(piece);
                onText.accept(piece);
            }, done::complete);
            RequestRecord record;
            try {
                record = done.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new KiqException("No reply from " + client.base() + " within " + timeout.toSeconds() + " s.");
            } catch (ExecutionException e) {
                throw new KiqException("The request to " + client.base() + " failed: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KiqException("Interrupted before the reply ended.");
            }
            if (!record.succeeded()) {
                throw new KiqException("The request to " + client.base() + " failed: " + record.fault().get().description()
                        + "; " + record.faultDetail());
            }
            return new Result(served, text.toString(), record);
        }
    }

    /**
     * Why the endpoint's models could not be listed, in plain words: a known fault (connection refused, unknown host,
     * timeout) says enough; only an unknown one adds its detail. The detail named a Java class before
     * ("AnnotatedConnectException: Connection refused"), seen in the wizard's Try-it pane in the Xvfb walk. The fault
     * follows a colon, not a bracket: its own words may hold one, and "(connection refused (endpoint down))" was seen.
     */
    public static KiqException cannotListModels(Object endpoint, OpenAiStreamClient.ModelListException e) {
        String detail = e.fault() == dev.kiq.bench.Fault.OTHER_IO ? ", " + e.getMessage() : "";
        return new KiqException("Cannot list the models of " + endpoint + ": " + e.fault().description() + detail
                + ". Is an OpenAI-compatible server running there?");
    }

    /** The model to name in the request: the one asked for if the endpoint serves it, else the first it lists. */
    static String servedModel(URI endpoint, Optional<String> model) {
        List<OpenAiStreamClient.ServedModel> models;
        try (OpenAiStreamClient probe = new OpenAiStreamClient(endpoint, model.orElse(""), OpenAiStreamClient.Api.COMPLETIONS,
                1, Duration.ofSeconds(15))) {
            models = probe.models();
        } catch (OpenAiStreamClient.ModelListException e) {
            throw cannotListModels(endpoint, e);
        }
        if (models.isEmpty()) {
            throw new KiqException(endpoint + " serves no model (its /v1/models list is empty).");
        }
        if (model.isEmpty()) {
            return models.get(0).id();
        }
        if (models.stream().noneMatch(m -> m.id().equals(model.get()))) {
            throw new KiqException("The endpoint does not serve model " + model.get() + "; it serves "
                    + String.join(", ", models.stream().map(OpenAiStreamClient.ServedModel::id).toList()) + ".");
        }
        return model.get();
    }
}
