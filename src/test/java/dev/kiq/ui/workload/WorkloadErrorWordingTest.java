package dev.kiq.ui.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Fx;
import dev.kiq.ui.Wizard;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Workload page tells the user: an error names the field in the words of its label on the page (the
 * walk found "Input length must be…" under a field labelled "Input tokens (mean)"), and the use case's source says
 * where its lengths come from in a user's words, not in the project's internal references.
 */
class WorkloadErrorWordingTest {

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @Test
    void anErrorNamesItsFieldAsTheLabelOnThePageDoes() {
        Map<String, String> bad = Map.of("input-tokens", "abc", "output-tokens", "0", "target-ntpot", "-3",
                "target-ttft", "x", "target-itl", "0", "expected-qps", "fast");
        bad.forEach((id, text) -> Fx.run(() -> {
            Wizard wizard = new Wizard(FakeServices.create());
            WorkloadStepView page = new WorkloadStepView(wizard.workload());
            TextField field = (TextField) page.lookup("#" + id);
            String label = page.lookupAll(".label").stream().map(Label.class::cast)
                    .filter(l -> l.getLabelFor() == field).map(Label::getText).findFirst().orElseThrow();
            field.setText(text);
            Node error = page.lookup("#workload-error");
            assertThat(((Label) error).getText()).as(id).startsWith(label + " must be").contains("'" + text + "'");
        }));
    }

    @Test
    void everyUseCaseSourceSpeaksToTheUser() {
        Wizard wizard = new Wizard(FakeServices.create());
        WorkloadStepViewModel vm = wizard.workload();
        for (String id : vm.useCases()) {
            vm.useCaseProperty().set(id);
            assertThat(vm.useCaseSource()).as(id).startsWith(vm.useCaseName(id) + ": mean ")
                    .doesNotContain("SPEC").doesNotContain("section 3").doesNotContain("the seed");
        }
    }
}
