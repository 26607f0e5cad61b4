package dev.kiq.recommend;

/**
 * How to autoscale replicas of one profile around its operating point.
 *
 * @param metric      which gauge
 * @param metricName  its Prometheus name for the chosen server version
 * @param threshold   average value per pod the HPA keeps the gauge at (the value at the operating point minus the buffer)
 * @param valueAtOperatingPoint the gauge's value at the operating point
 * @param buffer      fraction the threshold sits below that value
 * @param reason      why this metric, in one or two sentences (the start of the rationale)
 * @param rationale   why this metric and this buffer, for the manifest comments
 */
public record HpaRecommendation(
        HpaMetric metric,
        String metricName,
        double threshold,
        double valueAtOperatingPoint,
        double buffer,
        int minReplicas,
        int maxReplicas,
        String reason,
        String rationale) {

    /** The threshold as people read it: rounded to what it can mean, e.g. {@code 289} rather than {@code 289.01}. */
    public String thresholdText() {
        return Format.figure(threshold);
    }
}
