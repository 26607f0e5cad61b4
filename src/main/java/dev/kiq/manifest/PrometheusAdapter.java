package dev.kiq.manifest;

/** How prometheus-adapter exposes a model-server gauge on the custom metrics API (no ':' allowed there). */
final class PrometheusAdapter {

    private PrometheusAdapter() {
    }

    static String metricName(String prometheusName) {
        return prometheusName.replace(':', '_');
    }

    /** The adapter rule that serves {@code metricName(prometheusName)} per pod, as YAML lines. */
    static String[] rule(String prometheusName) {
        return new String[] {
            "rules:",
            "  custom:",
            "  - seriesQuery: '" + prometheusName + "{namespace!=\"\",pod!=\"\"}'",
            "    resources:",
            "      overrides:",
            "        namespace: {resource: namespace}",
            "        pod: {resource: pod}",
            "    name:",
            "      as: " + metricName(prometheusName),
            "    metricsQuery: 'avg(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)'",
        };
    }
}
