package dev.kiq.perf;

/**
 * The {@link ApiServer}'s serial work as one queue, for the offline driver ({@link LoadRun}). Two kinds
 * of job share the server: taking in a request (ready when the request arrives; the engine sees the
 * request when it is done) and streaming the tokens of one engine iteration (ready when the iteration
 * ends; the client has the tokens when it is done). Streaming comes first: the tokens of an iteration
 * are processed as soon as the tokens before them are, and a request being taken in waits meanwhile
 * (preemptive priority, resumed where it stopped: vLLM's output handler gets the event loop whenever
 * the engine has produced something, and taking in a request is a chain of short steps between which
 * other work runs). A server that cannot keep up therefore admits requests at the rate the time left over
 * from streaming allows: a burst's requests reach the engine one after another, and their TTFT grows
 * with their place in the queue.
 *
 * <p>The driver presents the jobs in time order: {@link #tryStartInput} for the requests that have
 * arrived, in arrival order, up to the end of an iteration, then {@link #output} for that iteration.
 * Only the request started last can still be in the server after the time it was started by; an output
 * pushes its completion back ({@link #inputEnd()}).
 */
final class ApiServerQueue {

    private final ApiServer server;
    /** When the outputs handed in so far are streamed. */
    private double outputFree = Double.NEGATIVE_INFINITY;
    /** When the request taken in last reaches the engine. */
    private double inputEnd = Double.NEGATIVE_INFINITY;

    ApiServerQueue(ApiServer server) {
        this.server = server;
    }

    /**
     * Starts taking in a request that arrived at {@code arrival} if the server can start it by {@code now};
     * returns when the engine sees it (later outputs may push that back: {@link #inputEnd()}), or NaN when
     * the server is busy until after {@code now}.
     */
    double tryStartInput(double arrival, int promptTokens, double now) {
        double start = Math.max(Math.max(inputEnd, outputFree), arrival);
        if (start > now) {
            return Double.NaN;
        }
        inputEnd = start + server.requestSeconds(promptTokens);
        return inputEnd;
    }

    /** Starts taking in a request whatever the time (the engine is idle: no output can come first). */
    double startInput(double arrival, int promptTokens) {
        inputEnd = Math.max(Math.max(inputEnd, outputFree), arrival) + server.requestSeconds(promptTokens);
        return inputEnd;
    }

    /** Streams the {@code tokens} tokens of an iteration that ended at {@code end}; returns when the client has them. */
    double output(double end, int tokens) {
        double start = Math.max(outputFree, end);
        double seconds = server.outputSeconds(tokens);
        outputFree = start + seconds;
        if (inputEnd > start) {
            inputEnd += seconds; // the request being taken in waits while the tokens stream
        }
        return outputFree;
    }

    /** When the request taken in last reaches the engine. */
    double inputEnd() {
        return inputEnd;
    }
}
