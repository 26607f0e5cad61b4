package dev.kiq.bench;

import dev.kiq.KiqException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Checks an endpoint before a benchmark: it answers, it serves the model (else the message lists what
 * it serves, from {@code /v1/models}), and what it says about itself (max_model_len, version).
 *
 * @param maxModelLen   as {@code /v1/models} reports it (vLLM does)
 * @param serverVersion as {@code /version} reports it (vLLM does)
 * @param warnings      what could not be checked
 */
public record Preflight(OptionalInt maxModelLen, Optional<String> serverVersion, List<String> warnings) {

    public static Preflight check(OpenAiStreamClient client, String model) {
        List<OpenAiStreamClient.ServedModel> served;
        try {
            served = client.models();
        } catch (OpenAiStreamClient.ModelListException e) {
            switch (e.fault()) {
                case CONNECTION_REFUSED -> throw KiqException.failed("Endpoint " + client.base()
                        + " refused the connection; start the model server there (or `kiq emulator`) or fix --endpoint.");
                case DNS_FAILURE -> throw KiqException.failed("Host " + client.base().getHost()
                        + " of --endpoint does not resolve; check the URL.");
                case TIMEOUT -> throw KiqException.failed("Endpoint " + client.base() + " did not answer GET /v1/models within 15 s.");
                default -> {
                    if (e.getMessage().contains("HTTP 404")) {
                        return new Preflight(OptionalInt.empty(), client.serverVersion(),
                                List.of(client.base() + " has no /v1/models; the model name could not be checked"));
                    }
                    throw KiqException.failed("Endpoint " + client.base() + " failed GET /v1/models (" + e.getMessage()
                            + "); give the root URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000.");
                }
            }
        }
        Optional<OpenAiStreamClient.ServedModel> match = served.stream().filter(m -> m.id().equals(model)).findFirst();
        if (match.isEmpty()) {
            throw new KiqException("Model " + model + " is not served by " + client.base() + "; it serves: "
                    + (served.isEmpty() ? "(nothing)" : String.join(", ", served.stream().map(OpenAiStreamClient.ServedModel::id).toList()))
                    + ". Pass one of them with --model.");
        }
        return new Preflight(match.get().maxModelLen(), client.serverVersion(), List.of());
    }
}
