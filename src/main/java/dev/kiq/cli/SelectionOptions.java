package dev.kiq.cli;

import picocli.CommandLine.Option;

/** The required {@code --model} and {@code --model-server} of the verbs that look at one model (and server). */
final class SelectionOptions {

    private SelectionOptions() {
    }

    /** {@code --model}, required. */
    static final class Model {
        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Hugging Face model id.")
        String id;
    }

    /** {@code --model-server}, required. */
    static final class ModelServer {
        @Option(names = "--model-server", required = true, paramLabel = "SERVER", description = "Model server, e.g. vllm.")
        String id;
    }
}
