package dev.kiq.monitor;

import dev.kiq.catalog.MetricNames;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches a release: each {@link #refresh()} scrapes every pod once and reports the last {@code window} of
 * each pod that has two scrapes in it (or, from a source with history such as Prometheus, the window it computed). A pod that fails, disappears or restarts gets one plain note and
 * the others go on being watched.
 */
public final class Monitor implements AutoCloseable {

    /**
     * @param window the release over the window; no pods when fewer than two scrapes exist yet
     * @param notes  what went wrong or changed in this refresh, one plain sentence each
     * @param startNanos the window's first scrape ({@link System#nanoTime()} of the source), 0 without a window
     * @param endNanos   its last scrape
     * @param read       pods whose metrics were read in this refresh (0: every reading failed, or no pod is ready;
     *                   the notes say why)
     * @param lacking    what the figures lack or read under another version's names, and why, one plain sentence per
     *                   pod; unlike the notes (said once), repeated on every refresh while it holds
     */
    public record Refresh(LiveWindow window, List<String> notes, Optional<HpaStatus> hpa, long startNanos, long endNanos,
                          int read, List<String> lacking) {
        public Refresh {
            notes = List.copyOf(notes);
            lacking = List.copyOf(lacking);
        }

        /** A refresh whose pods were all read and lack nothing. */
        public Refresh(LiveWindow window, List<String> notes, Optional<HpaStatus> hpa, long startNanos, long endNanos) {
            this(window, notes, hpa, startNanos, endNanos, window.replicas(), List.of());
        }
    }

    private final MetricsSource source;
    private final MetricNames names;
    private final List<MetricNames> others;
    private final long windowNanos;
    private final double timeScale;
    private final Map<String, Deque<PodScrape>> scrapes = new LinkedHashMap<>();
    private final Set<String> reportedMissing = new HashSet<>();
    private final Map<String, String> lacking = new LinkedHashMap<>();

    /** @param timeScale how many times faster than the modeled hardware the server runs (1 for a real server) */
    public Monitor(MetricsSource source, MetricNames names, Duration window, double timeScale) {
        this(source, names, List.of(), window, timeScale);
    }

    /**
     * @param others    the names of the server's other versions ({@link Watched#otherVersionsMetrics}), tried for a
     *                  figure a page lacks under {@code names}: a pod that runs another version still shows what it
     *                  measures
     * @param timeScale how many times faster than the modeled hardware the server runs (1 for a real server)
     */
    public Monitor(MetricsSource source, MetricNames names, List<MetricNames> others, Duration window, double timeScale) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.source = source;
        this.names = names;
        this.others = List.copyOf(others);
        this.windowNanos = window.toNanos();
        this.timeScale = timeScale;
    }

    public MetricNames names() {
        return names;
    }

    public Refresh refresh() {
        Optional<MetricsSource.Windows> kept = source.windows(java.time.Duration.ofNanos(windowNanos), timeScale);
        if (kept.isPresent()) {
            long end = System.nanoTime();
            List<String> notes = new ArrayList<>(source.notes());
            notes.addAll(kept.get().faults());
            List<PodWindow> pods = kept.get().pods();
            return new Refresh(LiveWindow.of(pods), notes, source.hpa(), pods.isEmpty() ? 0 : end - windowNanos,
                    pods.isEmpty() ? 0 : end, pods.size(), List.of());
        }
        List<PodPage> pages = source.scrape();
        // a cluster source knows what is wrong with the pods once it has listed them for this scrape
        List<String> notes = new ArrayList<>(source.notes());
        Set<String> seen = new HashSet<>();
        Set<String> fresh = new HashSet<>();
        for (PodPage page : pages) {
            seen.add(page.pod());
            if (page.page().isEmpty()) {
                notes.add("pod " + page.pod() + ": " + page.fault());
                continue;
            }
            PodScrape scrape = PodScrape.of(page.pod(), page.atNanos(), page.page().get(), names, others);
            Optional<String> lacks = lacks(scrape);
            lacks.ifPresentOrElse(l -> lacking.put(page.pod(), l), () -> lacking.remove(page.pod()));
            if (lacks.isPresent() && reportedMissing.add(page.pod())) {
                notes.add(lacks.get());
            }
            Deque<PodScrape> history = scrapes.computeIfAbsent(page.pod(), k -> new ArrayDeque<>());
            PodScrape previous = history.peekLast();
            if (previous != null && restarted(previous, scrape)) {
                notes.add("pod " + page.pod() + " restarted (its counters went back to zero); the window counts from"
                        + " the restart on");
            }
            history.addLast(scrape);
            // keep the newest scrape at or before the window's start as its baseline
            while (history.size() > 2) {
                Iterator<PodScrape> it = history.iterator();
                it.next();
                if (page.atNanos() - it.next().atNanos() < windowNanos) {
                    break;
                }
                history.removeFirst();
            }
            fresh.add(page.pod());
        }
        for (String gone : new ArrayList<>(scrapes.keySet())) {
            if (!seen.contains(gone)) {
                scrapes.remove(gone);
                lacking.remove(gone);
                notes.add("pod " + gone + " is gone (deleted, evicted or rescheduled); the total covers the pods left");
            }
        }
        List<PodWindow> windows = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Map.Entry<String, Deque<PodScrape>> e : scrapes.entrySet()) {
            Deque<PodScrape> history = e.getValue();
            if (history.size() >= 2 && fresh.contains(e.getKey())) {
                windows.add(PodWindow.over(List.copyOf(history), timeScale));
                start = Math.min(start, history.peekFirst().atNanos());
                end = Math.max(end, history.peekLast().atNanos());
            }
        }
        return new Refresh(LiveWindow.of(windows), notes, source.hpa(), windows.isEmpty() ? 0 : start,
                windows.isEmpty() ? 0 : end, fresh.size(), List.copyOf(lacking.values()));
    }

    /** Why figures of a pod are missing or read under other names, in one sentence; empty when nothing is. */
    private static Optional<String> lacks(PodScrape s) {
        List<String> parts = new ArrayList<>();
        if (!s.renamed().isEmpty()) {
            parts.add("it runs another server version than the one watched: " + String.join(", ", s.renamed())
                    + " (that version's names)");
        }
        if (!s.lacking().isEmpty()) {
            parts.add(String.join(", ", s.lacking()) + (s.lacking().size() == 1 ? " is" : " are") + " not measured: its /metrics"
                    + " has no " + String.join(", ", s.missing()) + " nor any other known version's name for "
                    + (s.lacking().size() == 1 ? "it" : "them") + ", so " + (s.lacking().size() == 1 ? "it shows" : "they show") + " -");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of("pod " + s.pod() + ": " + String.join("; ", parts) + ".");
    }

    private static boolean restarted(PodScrape a, PodScrape b) {
        return (a.generationTokens().isPresent() && b.generationTokens().isPresent()
                && b.generationTokens().getAsDouble() < a.generationTokens().getAsDouble())
                || b.e2e().wasResetSince(a.e2e());
    }

    @Override
    public void close() {
        source.close();
    }
}
