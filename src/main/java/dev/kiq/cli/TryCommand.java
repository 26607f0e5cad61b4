package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.monitor.ClusterRelease;
import dev.kiq.monitor.Trial;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiq try}: send one prompt to a deployed release (through a port-forward) or to an endpoint, streamed. */
@Command(name = "try", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send a prompt to a deployed release through a port-forward to its Service (no kubectl needed), "
                + "or to any OpenAI-compatible --endpoint, and stream the reply token by token.",
                "At the end it prints TTFT, tokens and tokens/s."})
final class TryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--release", paramLabel = "NAME", description = "The release to try (default: the only one in the namespace).")
    String release;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An OpenAI-compatible server instead of a release, e.g. http://127.0.0.1:8000 (kiq emulator).")
    String endpoint;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt (default: read from standard input).")
    String prompt;

    @Option(names = "--chat", description = "Use /v1/chat/completions (the prompt is one user message) instead of /v1/completions.")
    boolean chat;

    @Option(names = "--model", description = "Model name to request (default: the first the server lists).")
    String model;

    @Option(names = "--max-tokens", defaultValue = "256", paramLabel = "N", description = "Most tokens to generate (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS", description = "Give up after this long without a token (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (endpoint != null && (release != null || cluster.namespace != null || cluster.context != null)) {
            throw new KiqException("--endpoint talks to a server directly; it excludes --release, --namespace and --context.");
        }
        if (timeoutSeconds < 1) {
            throw new KiqException("--timeout must be at least 1 second, got " + timeoutSeconds + ".");
        }
        String text = prompt != null ? prompt : readStdin();
        OpenAiStreamClient.Api api = chat ? OpenAiStreamClient.Api.CHAT : OpenAiStreamClient.Api.COMPLETIONS;
        if (endpoint != null) {
            return send(out, URI.create(endpoint), text, api);
        }
        try (ClusterOptions.Connection c = cluster.connect()) {
            ClusterRelease r = ClusterRelease.find(c.client(), c.context().name(), c.namespace(cluster.namespace),
                    Optional.ofNullable(release), CliWording.INSTANCE);
            try (LocalPortForward forward = r.forwardService()) {
                spec.commandLine().getErr().printf("Forwarding 127.0.0.1:%d to release %s in namespace %s%n",
                        forward.getLocalPort(), r.name(), r.namespace());
                spec.commandLine().getErr().flush();
                return send(out, URI.create("http://127.0.0.1:" + forward.getLocalPort()), text, api);
            }
        }
    }

    private int send(PrintWriter out, URI base, String text, OpenAiStreamClient.Api api) {
        Trial.Result result = Trial.run(base, Optional.ofNullable(model), api, text, maxTokens,
                Duration.ofSeconds(timeoutSeconds), piece -> {
                    out.print(piece);
                    out.flush();
                });
        out.println();
        out.println("-- " + result.summary() + " (" + result.model() + ")");
        out.flush();
        return 0;
    }

    private static String readStdin() throws IOException {
        if (System.console() != null) {
            throw new KiqException("No prompt: give --prompt TEXT or pipe the prompt on standard input.");
        }
        String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new KiqException("No prompt: standard input was empty; give --prompt TEXT or pipe a prompt.");
        }
        return text;
    }
}
