package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CorpusCalibration.CrossValidation;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.profile.Basis;
import dev.kiq.profile.ModelAccuracy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code kiq calibrate --corpus} writes, from a cross-validation whose errors are set by hand. */
class CalibrationFilesTest {

    private static CrossValidation.Error error(String source, String id, MetricGroup group, double ratio) {
        return new CrossValidation.Error(source, source + "/" + id, Family.AMPERE, "nvidia-tesla-a100", group, Math.log(ratio), false);
    }

    /** Two sources, three runs on A100 40 GB: throughput off by +10%, −20%, +30%; one TTFT off by +50%. */
    private static final CrossValidation CV = new CrossValidation(List.of(
            error("s1", "a", MetricGroup.THROUGHPUT, 1.10),
            error("s1", "b", MetricGroup.THROUGHPUT, 0.80),
            error("s2", "c", MetricGroup.THROUGHPUT, 1.30),
            error("s2", "c", MetricGroup.TTFT, 1.50)));

    @Test
    void theAccuracyFileCarriesTheMediansPerMetricAndReadsBackAsTheUncertaintyOfTheFamily() {
        String yaml = CalibrationFiles.accuracyYaml(CV, Catalog.bundled());
        ModelAccuracy accuracy = ModelAccuracy.read(yaml.getBytes(StandardCharsets.UTF_8), "accuracy.yaml");
        assertThat(accuracy.families()).hasSize(1);
        ModelAccuracy.Family ampere = accuracy.families().get(0);
        assertThat(ampere.key()).isEqualTo("ampere");
        assertThat(ampere.points()).isEqualTo(3);
        assertThat(ampere.sources()).isEqualTo(2);
        assertThat(ampere.measured()).containsExactly("nvidia-tesla-a100");
        assertThat(ampere.accelerators()).contains("nvidia-tesla-a100", "nvidia-a100-80gb");
        // |errors| 0.10, 0.20, 0.30: median 0.20; the one TTFT: 0.50; no NTPOT or TPOT figure
        assertThat(ampere.error().throughput().getAsDouble()).isCloseTo(0.20, within(1e-9));
        assertThat(ampere.error().ttft().getAsDouble()).isCloseTo(0.50, within(1e-9));
        assertThat(ampere.error().ntpot()).isEmpty();
        assertThat(ampere.error().tpot()).isEmpty();
        assertThat(accuracy.uncertainty("nvidia-tesla-a100").basis()).isEqualTo(Basis.calibrated);
        assertThat(accuracy.uncertainty("nvidia-a100-80gb").basis()).isEqualTo(Basis.extrapolated);
        assertThat(accuracy.uncertainty("nvidia-l4").basis()).isEqualTo(Basis.uncalibrated);
    }

    @Test
    void withoutErrorsNoFamilyIsCalibrated() {
        String yaml = CalibrationFiles.accuracyYaml(new CrossValidation(List.of()), Catalog.bundled());
        assertThat(yaml).endsWith("families: {}\n");
        assertThat(ModelAccuracy.read(yaml.getBytes(StandardCharsets.UTF_8), "accuracy.yaml").families()).isEmpty();
    }

    @Test
    void theDocsSectionShowsTheCrossValidatedAndThePriorErrorsAndReplacesOnlyItsOwnLines() {
        // the priors miss every figure by +40%
        CrossValidation prior = new CrossValidation(CV.errors().stream()
                .map(e -> new CrossValidation.Error(e.source(), e.id(), e.family(), e.accelerator(), e.group(), Math.log(1.4), true))
                .toList());
        String section = CalibrationFiles.docsSection(CV, prior, Map.of(), List.of(), List.of(), "timing line");
        // ampere: throughput 20.0%, TTFT 50.0%, all four figures 0.10 0.20 0.30 0.50: median 25.0%
        assertThat(section).contains("| ampere | nvidia-tesla-a100 | 3 | 2 | 20.0% | — | — | 50.0% | 25.0% |")
                .contains("| ampere | nvidia-tesla-a100 | 3 | 2 | 40.0% | — | — | 40.0% | 40.0% |")
                .contains("| hopper |  | 0 | 0 | — | — | — | — | — |")
                .startsWith(CalibrationFiles.DOCS_BEGIN).endsWith("timing line\n" + CalibrationFiles.DOCS_END + "\n");
        String docs = "# Title\n\nbefore\n" + CalibrationFiles.DOCS_BEGIN + "\nold table\n" + CalibrationFiles.DOCS_END + "\nafter\n";
        assertThat(CalibrationFiles.replaceSection(docs, section)).isEqualTo("# Title\n\nbefore\n" + section + "after\n");
        assertThatThrownBy(() -> CalibrationFiles.replaceSection("# no markers\n", section)).isInstanceOf(KiqException.class)
                .hasMessageContaining("no generated section");
    }
}
