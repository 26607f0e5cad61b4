package dev.kiq.ui.service;

import dev.kiq.profile.PerformancePoint;

/** The p50 latency shown on the chart's vertical axis. */
public enum LatencyMetric {
    NTPOT("NTPOT"),
    TTFT("TTFT"),
    ITL("ITL");

    private final String label;

    LatencyMetric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public double of(PerformancePoint p) {
        return switch (this) {
            case NTPOT -> p.ntpotMilliseconds();
            case TTFT -> p.ttftMilliseconds();
            case ITL -> p.itlMilliseconds();
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
