package dev.kiq.bench.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelServerVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The README sizes the monitor's benchmark by the emulator's {@code /metrics} page: its sample counts per vLLM version
 * are counted here from the page the emulator serves, so a metric added or removed fails this test until the README
 * says so (it once said 79 while the default version's page had 78).
 */
class EmulatorMetricsReadmeTest {

    @Test
    void theReadmeGivesTheSampleCountOfEveryVersionsMetricsPage() throws IOException {
        Map<Integer, List<String>> versionsByCount = new TreeMap<>();
        for (ModelServerVersion version : Catalog.bundled().modelServer("vllm").versions()) {
            String page = new EmulatorMetrics(version.metrics(), "org/model").render(1, 2, 0.5, 3);
            int samples = (int) page.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).count();
            versionsByCount.computeIfAbsent(samples, k -> new ArrayList<>()).add(version.version());
        }
        StringBuilder phrase = new StringBuilder("its `/metrics` page has ");
        for (Map.Entry<Integer, List<String>> e : versionsByCount.entrySet()) {
            phrase.append(phrase.toString().endsWith("has ") ? e.getKey() + " samples under vLLM " : ", " + e.getKey() + " under ")
                    .append(and(e.getValue()));
        }
        String readme = String.join(" ", Files.readAllLines(Path.of("README.md"))).replaceAll("\\s+", " ");
        assertThat(readme).contains(phrase.toString());
    }

    private static String and(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
