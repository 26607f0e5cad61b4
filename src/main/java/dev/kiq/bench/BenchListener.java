package dev.kiq.bench;

/** Hears a benchmark's progress; the CLI draws a progress bar from it, tests ignore it. */
public interface BenchListener {

    BenchListener SILENT = new BenchListener() {
    };

    /** The client's warm-up starts: {@code requests} short requests, not measured. */
    default void warmUpStarted(int requests) {
    }

    /** A rate starts; {@code index} counts from 1, {@code planned} is 0 while a sweep is still searching. */
    default void rateStarted(double rate, int index, int planned) {
    }

    /** A closed-loop level starts: {@code clients} requests kept in flight; {@code index} counts from 1. */
    default void concurrencyStarted(int clients, int index, int planned) {
    }

    /** The sweep's capacity probe starts: {@code requests} sent with the server's queue kept full. */
    default void probeStarted(int requests) {
    }

    /** The probe measured the server's capacity, requests/s. */
    default void capacityFound(double requestsPerSecond) {
    }

    /** About twice a second while a rate runs. */
    default void progress(Progress p) {
    }

    default void rateFinished(RateResult result) {
    }

    /** A live view of the running rate, in the target's time. */
    record Progress(double rate, double elapsedSeconds, double plannedSeconds, int sent, int plannedRequests,
                    int finished, int failed, int inFlight, double outputTokensPerSecond, double ttftP50Ms,
                    double ntpotP50Ms) {
    }
}
