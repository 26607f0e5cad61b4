package dev.kiq.cli;

import dev.kiq.bench.BenchListener;
import dev.kiq.bench.BenchReport;
import dev.kiq.bench.RateResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The benchmark's progress on stderr: on a terminal one line redrawn in place (a bar and live
 * figures); elsewhere (a pipe, CI) a plain line every {@value #PLAIN_EVERY_SECONDS} seconds.
 */
final class BenchProgress implements BenchListener {

    static final int PLAIN_EVERY_SECONDS = 10;
    private static final int WIDTH = 24;

    private final PrintStream err;
    private final boolean interactive;
    private long lastPlain;
    private int lastLength;

    BenchProgress(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** A terminal that redraws: a console, not CI, not a dumb terminal. */
    static boolean interactiveTerminal() {
        return System.console() != null && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void warmUpStarted(int requests) {
        clear();
        err.printf(Locale.ROOT, "warm-up: %d short requests, not measured%n", requests);
    }

    @Override
    public void rateStarted(double rate, int index, int planned) {
        clear();
        err.printf(Locale.ROOT, "rate %d%s: %s req/s%n", index, planned > 0 ? "/" + planned : " (sweep)", fmt(rate));
        lastPlain = System.nanoTime();
    }

    @Override
    public void concurrencyStarted(int clients, int index, int planned) {
        clear();
        err.printf(Locale.ROOT, "concurrency %d/%d: %d clients%n", index, planned, clients);
        lastPlain = System.nanoTime();
    }

    @Override
    public void probeStarted(int requests) {
        clear();
        err.printf(Locale.ROOT, "capacity probe: %d requests, the server's queue kept full%n", requests);
        lastPlain = System.nanoTime();
    }

    @Override
    public void capacityFound(double requestsPerSecond) {
        err.printf(Locale.ROOT, "capacity: %s req/s with the batch kept full; sweeping fractions of it%n", fmt(requestsPerSecond));
    }

    @Override
    public void progress(Progress p) {
        double fraction = p.plannedSeconds() > 0 ? p.elapsedSeconds() / p.plannedSeconds()
                : p.plannedRequests() > 0 ? (double) p.sent() / p.plannedRequests() : 0;
        fraction = Math.max(0, Math.min(1, fraction));
        String figures = String.format(Locale.ROOT, "%5.0fs sent %d done %d failed %d in flight %d | %.0f tok/s TTFT p50 %s NTPOT p50 %s",
                p.elapsedSeconds(), p.sent(), p.finished(), p.failed(), p.inFlight(), p.outputTokensPerSecond(),
                ms(p.ttftP50Ms()), ms(p.ntpotP50Ms()));
        if (interactive) {
            int filled = (int) Math.round(fraction * WIDTH);
            String line = "[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + (fraction < 1 ? figures : figures + " draining");
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            err.flush();
        } else if (System.nanoTime() - lastPlain > PLAIN_EVERY_SECONDS * 1_000_000_000L) {
            lastPlain = System.nanoTime();
            err.printf(Locale.ROOT, "  %3.0f%% %s%n", fraction * 100, figures);
        }
    }

    @Override
    public void rateFinished(RateResult r) {
        clear();
        err.printf(Locale.ROOT, "  %s: %d ok, %d failed, %.0f output tok/s, NTPOT p50 %s, TTFT p50 %s%n",
                r.interrupted() ? "interrupted" : "done", r.succeeded(), r.failed(), r.outputTokensPerSecond(),
                ms(r.ntpot().p50()), ms(r.ttft().p50()));
        BenchReport.problems(r).forEach(err::println);
    }

    private void clear() {
        if (interactive && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
