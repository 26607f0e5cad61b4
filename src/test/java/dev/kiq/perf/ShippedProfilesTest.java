package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShippedProfilesTest {

    private static final Path SHIPPED = Path.of("profiles", "modeled");

    @Test
    void everyTargetIsShippedAndNothingElse() throws IOException {
        List<ShippedProfiles.Skipped> skipped = new ArrayList<>();
        Set<String> expected = ShippedProfiles.targets(Catalog.bundled(), skipped::add).stream()
                .map(t -> t.relativePath().toString()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actual;
        try (Stream<Path> files = Files.walk(SHIPPED)) {
            actual = files.filter(Files::isRegularFile).map(f -> SHIPPED.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThan(60);
        assertThat(skipped).anyMatch(s -> s.model().contains("Mixtral-8x22B") && s.accelerator().equals("nvidia-l4"));
    }

    @Test
    void regeneratedProfilesAreByteForByteTheShippedOnes() throws IOException {
        List<ShippedProfiles.Target> targets = ShippedProfiles.targets(Catalog.bundled(), s -> { });
        // one dense GPU, one MoE with tensor parallelism, one TPU
        List<ShippedProfiles.Target> sample = List.of(
                find(targets, "meta-llama/Llama-3.2-1B-Instruct", "nvidia-l4", "v0.7.2"),
                find(targets, "mistralai/Mixtral-8x7B-Instruct-v0.1", "nvidia-h100-80gb", "v0.19.1"),
                find(targets, "google/gemma-2-2b-it", "tpu-v6e-slice", "v0.19.1"));
        for (ShippedProfiles.Target t : sample) {
            String shipped = Files.readString(SHIPPED.resolve(t.relativePath()), StandardCharsets.UTF_8);
            assertThat(ProfileWriter.toYaml(t.simulate())).as(t.relativePath().toString()).isEqualTo(shipped);
        }
    }

    private static ShippedProfiles.Target find(List<ShippedProfiles.Target> targets, String model, String accelerator, String version) {
        return targets.stream().filter(t -> t.model().id().equals(model) && t.accelerator().id().equals(accelerator)
                && t.version().version().equals(version)).findFirst().orElseThrow();
    }
}
