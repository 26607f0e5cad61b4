package dev.kiq.ui.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.deploy.Wording;
import java.lang.reflect.Method;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every remedy the deploy core can ask for, in the wizard's words: none names a CLI flag or a kiq command (the
 * Deploy page test stages the situations that reach the page; this covers the ones a test cluster cannot reach
 * in time, such as a 20-minute rollout timeout).
 */
class WizardWordingTest {

    private static final Pattern FLAG = Pattern.compile("--[a-z]");
    private static final Pattern KIQ_COMMAND = Pattern.compile("\\bkiq (deploy|undeploy|status|manifests|try|monitor|ui)\\b");
    private static final Pattern TERMINAL_COMMAND = Pattern.compile("`(kubectl|gcloud) [^`]*`");

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
            String outside = TERMINAL_COMMAND.matcher(said).replaceAll("");
            assertThat(said).as(m.getName()).isNotBlank();
            assertThat(FLAG.matcher(outside).find()).as("%s: %s", m.getName(), said).isFalse();
            assertThat(KIQ_COMMAND.matcher(outside).find()).as("%s: %s", m.getName(), said).isFalse();
        }
    }

    @Test
    void theWatchThatTimedOutIsOfferedForTheTimeTheWizardWatches() {
        assertThat(WizardWording.INSTANCE.waitLonger("llm"))
                .isEqualTo("Press Deploy again to watch it for another 20 minutes; applying the same manifests changes nothing.");
    }
}
