package dev.kiq.ui.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.deploy.Wording;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every remedy the deploy core can ask for, in the wizard's words: none names a CLI flag or a kiq command (the
 * Deploy page test stages the situations that reach the page; this covers the ones a test cluster cannot reach
 * in time, such as a 20-minute rollout timeout).
 */
class WizardWordingTest {

    @Test
    void noRemedyNamesACliFlagOrAKiqCommand() throws Exception {
        Method[] methods = Wording.class.getDeclaredMethods();
        assertThat(methods).hasSizeGreaterThanOrEqualTo(13);
        for (Method m : methods) {
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = m.getParameterTypes()[i] == List.class ? List.of("llm", "prod") : "llm";
            }
            String said = (String) m.invoke(WizardWording.INSTANCE, args);
            assertThat(said).as(m.getName()).isNotBlank();
            assertThat(dev.kiq.ui.CliWords.in(said)).as("%s: %s", m.getName(), said).isEmpty();
        }
    }

    /** The check itself can fail: it finds the CLI's words, and lets a quoted kubectl or gcloud command be. */
    @Test
    void theCheckFindsCliWordsAndSparesTerminalCommands() {
        assertThat(dev.kiq.ui.CliWords.in("Pass --create-namespace to create it.")).contains("--create-namespace");
        assertThat(dev.kiq.ui.CliWords.in("Release r: `kiq status -n llm` shows it.")).contains("kiq status");
        assertThat(dev.kiq.ui.CliWords.in("then try `kubectl --context gke_a cluster-info`.")).isEmpty();
        assertThat(dev.kiq.ui.CliWords.in("run `gcloud container clusters get-credentials C --location L`, or --dry-run"))
                .contains("--dry-run");
    }

    @Test
    void theWatchThatTimedOutIsOfferedForTheTimeTheWizardWatches() {
        assertThat(WizardWording.INSTANCE.waitLonger("llm"))
                .isEqualTo("Press Deploy again to watch it for another 20 minutes; applying the same manifests changes nothing.");
    }
}
