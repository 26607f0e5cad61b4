package dev.kiq.monitor;

import java.util.List;

/**
 * One pod over one window: the counters' rates and the histograms' deltas between its first and last
 * scrape in the window, and the gauges of the last scrape. Rates are per second of the server's own time
 * (a time-scaled emulator's wall seconds multiplied back).
 *
 * @param seconds           length of the window in the server's time
 * @param requestsPerSecond requests that FINISHED in the window per second (the e2e histogram's count), not
 *                          requests sent: in steady state the two agree, but over a window that opens with the load
 *                          completions lag the sends by the e2e latency (a load generator's "achieved rate" counts sends)
 * @param restarted         a counter or histogram went back within the window (the server restarted)
 */
public record PodWindow(
        String pod,
        double seconds,
        double outputTokensPerSecond,
        double inputTokensPerSecond,
        double requestsPerSecond,
        BucketCounts ttft,
        BucketCounts tpot,
        BucketCounts e2e,
        Gauges gauges,
        boolean restarted) {

    /**
     * The increase of a counter from {@code before} to {@code after}: a value lower than before means the
     * counter was reset (the process restarted) and counted up from zero since, so the increase is
     * {@code after}, as Prometheus' {@code increase()} assumes.
     */
    public static double increase(double before, double after) {
        return after >= before ? after - before : after;
    }

    /**
     * The window over successive scrapes of one pod (oldest first). Increases are summed pair by pair, so a
     * reset between two scrapes loses nothing that was scraped before it and counts from zero after it.
     *
     * @param timeScale how many times faster than the modeled hardware the server runs (1 for a real server)
     */
    public static PodWindow over(List<PodScrape> scrapes, double timeScale) {
        if (scrapes.size() < 2) {
            throw new IllegalArgumentException("a window needs two scrapes, got " + scrapes.size());
        }
        PodScrape first = scrapes.get(0);
        PodScrape last = scrapes.get(scrapes.size() - 1);
        double seconds = (last.atNanos() - first.atNanos()) / 1e9 * timeScale;
        boolean restarted = false;
        double output = 0;
        double input = 0;
        BucketCounts ttft = BucketCounts.EMPTY;
        BucketCounts tpot = BucketCounts.EMPTY;
        BucketCounts e2e = BucketCounts.EMPTY;
        for (int i = 1; i < scrapes.size(); i++) {
            PodScrape a = scrapes.get(i - 1);
            PodScrape b = scrapes.get(i);
            if (a.generationTokens().isPresent() && b.generationTokens().isPresent()) {
                restarted |= b.generationTokens().getAsDouble() < a.generationTokens().getAsDouble();
                output += increase(a.generationTokens().getAsDouble(), b.generationTokens().getAsDouble());
            }
            if (a.promptTokens().isPresent() && b.promptTokens().isPresent()) {
                restarted |= b.promptTokens().getAsDouble() < a.promptTokens().getAsDouble();
                input += increase(a.promptTokens().getAsDouble(), b.promptTokens().getAsDouble());
            }
            restarted |= b.ttft().wasResetSince(a.ttft()) || b.e2e().wasResetSince(a.e2e()) || b.tpot().wasResetSince(a.tpot());
            ttft = ttft.plus(b.ttft().since(a.ttft()));
            tpot = tpot.plus(b.tpot().since(a.tpot()));
            e2e = e2e.plus(b.e2e().since(a.e2e()));
        }
        return new PodWindow(last.pod(), seconds,
                seconds > 0 ? output / seconds : 0,
                seconds > 0 ? input / seconds : 0,
                seconds > 0 ? e2e.count() / seconds : 0,
                ttft, tpot, e2e, last.gauges(), restarted);
    }
}
