package dev.kiq.monitor;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What the release's HorizontalPodAutoscaler reports.
 *
 * @param metric       the metric it scales on, as the HPA names it
 * @param current      the metric's current average per pod, when the metrics pipeline delivers it
 * @param threshold    the average value per pod it aims at
 * @param conditions   its conditions that are not plainly fine ({@code ScalingLimited: True …}), one line each
 */
public record HpaStatus(String name, int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas,
                        String metric, OptionalDouble current, OptionalDouble threshold, List<String> conditions) {

    public HpaStatus {
        conditions = List.copyOf(conditions);
    }

    public boolean atMaximum() {
        return currentReplicas >= maxReplicas;
    }
}
