package dev.kiq.ui.workload;

import dev.kiq.catalog.PricingModel;
import dev.kiq.ui.service.Workload;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * Step 3: use case, latency vs throughput sensitivity, targets, pricing model and expected QPS. The
 * fields are text so a half-typed value is shown as an error instead of being lost; every valid
 * change is pushed to the shared workload, and targets dragged on the chart come back here.
 */
public final class WorkloadStepViewModel implements StepViewModel {

    private final WizardState state;
    private final StringProperty useCase = new SimpleStringProperty(this, "useCase", Workload.CHATBOT);
    private final StringProperty inputTokens = new SimpleStringProperty(this, "inputTokens");
    private final StringProperty outputTokens = new SimpleStringProperty(this, "outputTokens");
    private final BooleanProperty latencySensitive = new SimpleBooleanProperty(this, "latencySensitive");
    private final StringProperty targetNtpot = new SimpleStringProperty(this, "targetNtpot", "");
    private final StringProperty targetTtft = new SimpleStringProperty(this, "targetTtft", "");
    private final StringProperty targetItl = new SimpleStringProperty(this, "targetItl", "");
    private final ObjectProperty<PricingModel> pricingModel = new SimpleObjectProperty<>(this, "pricingModel");
    private final StringProperty expectedQps = new SimpleStringProperty(this, "expectedQps", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObservableBooleanValue complete = Bindings.createBooleanBinding(() -> error.get().isEmpty(), error);
    private boolean syncing;

    public WorkloadStepViewModel(WizardState state) {
        this.state = state;
        load(state.workloadProperty().get());
        for (var p : List.of(useCase, inputTokens, outputTokens, targetNtpot, targetTtft, targetItl, expectedQps)) {
            p.addListener((o, a, b) -> push());
        }
        latencySensitive.addListener((o, a, b) -> push());
        pricingModel.addListener((o, a, b) -> push());
        state.workloadProperty().addListener((o, a, w) -> {
            if (!syncing) {
                load(w);
            }
        });
    }

    @Override
    public String title() {
        return "Workload & targets";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    public StringProperty useCaseProperty() {
        return useCase;
    }

    public StringProperty inputTokensProperty() {
        return inputTokens;
    }

    public StringProperty outputTokensProperty() {
        return outputTokens;
    }

    public BooleanProperty latencySensitiveProperty() {
        return latencySensitive;
    }

    public StringProperty targetNtpotProperty() {
        return targetNtpot;
    }

    public StringProperty targetTtftProperty() {
        return targetTtft;
    }

    public StringProperty targetItlProperty() {
        return targetItl;
    }

    public ObjectProperty<PricingModel> pricingModelProperty() {
        return pricingModel;
    }

    public StringProperty expectedQpsProperty() {
        return expectedQps;
    }

    /** Empty when every field is valid; else one sentence per bad field. */
    public StringProperty errorProperty() {
        return error;
    }

    public List<String> useCases() {
        return List.of(Workload.CHATBOT);
    }

    private void load(Workload w) {
        syncing = true;
        try {
            useCase.set(w.useCase());
            inputTokens.set(Integer.toString(w.inputTokens()));
            outputTokens.set(Integer.toString(w.outputTokens()));
            latencySensitive.set(w.latencySensitive());
            targetNtpot.set(w.targetNtpotMs().map(WorkloadStepViewModel::format).orElse(""));
            targetTtft.set(w.targetTtftMs().map(WorkloadStepViewModel::format).orElse(""));
            targetItl.set(w.targetItlMs().map(WorkloadStepViewModel::format).orElse(""));
            pricingModel.set(w.pricingModel());
            expectedQps.set(w.expectedQps().map(WorkloadStepViewModel::format).orElse(""));
            error.set("");
        } finally {
            syncing = false;
        }
    }

    private void push() {
        if (syncing) {
            return;
        }
        List<String> problems = new ArrayList<>();
        int in = wholeNumber(inputTokens.get(), "Input length", problems);
        int out = wholeNumber(outputTokens.get(), "Output length", problems);
        Optional<Double> ntpot = positive(targetNtpot.get(), "Target NTPOT", "milliseconds, e.g. 50", problems);
        Optional<Double> ttft = positive(targetTtft.get(), "Target TTFT", "milliseconds, e.g. 500", problems);
        Optional<Double> itl = positive(targetItl.get(), "Target ITL", "milliseconds, e.g. 30", problems);
        Optional<Double> qps = positive(expectedQps.get(), "Expected QPS", "requests per second, e.g. 20", problems);
        error.set(String.join(" ", problems));
        if (problems.isEmpty()) {
            syncing = true;
            try {
                state.workloadProperty().set(new Workload(useCase.get(), in, out, latencySensitive.get(), ntpot, ttft,
                        itl, pricingModel.get() == null ? PricingModel.ON_DEMAND : pricingModel.get(), qps));
            } finally {
                syncing = false;
            }
        }
    }

    private static int wholeNumber(String text, String name, List<String> problems) {
        try {
            int v = Integer.parseInt(text == null ? "" : text.strip());
            if (v >= 1 && v <= 1_000_000) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number of tokens from 1 to 1000000, not '" + text + "'.");
        return 1;
    }

    private static Optional<Double> positive(String text, String name, String unit, List<String> problems) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && Double.isFinite(v)) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a positive number of " + unit + " (or empty for none), not '" + t + "'.");
        return Optional.empty();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
