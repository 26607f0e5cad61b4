package dev.kiq.perf;

/**
 * A named workload from {@code profiles/catalog/use-cases.yaml}: what an application sends
 * (chatbot, summarization, code completion, ...), with its length distributions and where they come from.
 *
 * @param id        what {@code --use-case} takes, e.g. {@code summarization}
 * @param name      how output names it, e.g. {@code Summarization}
 * @param isDefault the use case when none is given (chatbot)
 * @param basis     {@code dataset}, {@code table} or {@code reason} (see the file's header)
 * @param source    the public source of the lengths, or the reason for the shape
 * @param input     statistics of the prompt lengths
 * @param output    statistics of the output lengths
 * @param workload  the distributions a simulation draws from
 */
public record UseCase(String id, String name, boolean isDefault, String basis, String source,
                      LengthTable input, LengthTable output, Workload workload) {

    /** Statistics of one side's lengths in tokens, as the use-case table lists them. */
    public record LengthTable(int min, int median, int mean, int p90, int p99, int max) {

        /** The statistics of a distribution (for shapes given by a reason rather than a table). */
        public static LengthTable of(TokenLengthDistribution d) {
            return new LengthTable(d.min(), d.percentile(0.5), (int) Math.round(d.mean()), d.percentile(0.9),
                    d.percentile(0.99), d.max());
        }
    }
}
