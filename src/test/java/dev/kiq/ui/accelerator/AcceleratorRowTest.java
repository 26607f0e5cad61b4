package dev.kiq.ui.accelerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Basis;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.Provenance;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.Targets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcceleratorRowTest {

    private static AcceleratorRow row(String toolVersion) throws Exception {
        Profile base = ProfileReader.read(java.nio.file.Path.of("profiles/modeled/vllm-v0.7.2/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B/nvidia-l4-x1.yaml"));
        Profile p = new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(), base.instanceType(),
                base.resourcesUsed(), base.performanceStats(), new Provenance(Provenance.Kind.modeled, "kiq-perf-model",
                toolVersion, "2026-12-01", "sharegpt-shaped", Basis.calibrated, base.provenance().expectedError()), base.serverConfig(), base.knee());
        return new AcceleratorRow(new ProfileOption(p, Recommender.standard().recommend(p, Targets.none(), Optional.empty()),
                PricingModel.ON_DEMAND, Optional.empty()));
    }

    /*
     * The Accuracy column of a row modeled with the user's own factors (after calibrate --from) says so: "±12%" alone
     * read as the published calibration's curve (Xvfb walk, A100 rows after a 2-rate import).
     */
    @Test
    void aRowModeledWithYourFactorsSaysSoInItsAccuracy() throws Exception {
        String published = row("2").accuracy();
        assertThat(published).matches("±\\d+%").doesNotContain("your factors");
        assertThat(row(Provenance.userCalibrated("2", 8)).accuracy()).isEqualTo(published + ", your factors");
    }
}
