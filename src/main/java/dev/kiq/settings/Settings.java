package dev.kiq.settings;

import dev.kiq.catalog.PricingModel;
import java.util.List;
import java.util.Optional;

/**
 * One user's preferences and last choices, kept in {@code settings.yaml} between runs. Every field has a
 * default, so a missing or partial file gives a usable value; fields a newer kiq wrote are ignored.
 * Secrets (the Hugging Face token, cluster credentials) never belong here.
 *
 * @param theme the wizard's theme
 * @param pricingModel the pricing model costs are shown in
 * @param outputInputCostRatio r in the cost formula: output tokens cost r times input tokens
 * @param lastModel Hugging Face id of the model chosen last
 * @param lastModelServer model server chosen last (e.g. {@code vllm})
 * @param lastModelServerVersion its version
 * @param lastAccelerator accelerator type chosen last (GKE label, e.g. {@code nvidia-l4})
 * @param lastNamespace namespace manifests were written for last
 * @param lastKubeContext kube context deployed to last (its name only)
 * @param profileDirs extra profile folders the user added, besides the per-user one
 */
public record Settings(
        Theme theme,
        PricingModel pricingModel,
        double outputInputCostRatio,
        Optional<String> lastModel,
        Optional<String> lastModelServer,
        Optional<String> lastModelServerVersion,
        Optional<String> lastAccelerator,
        Optional<String> lastNamespace,
        Optional<String> lastKubeContext,
        List<String> profileDirs) {

    public static final double DEFAULT_COST_RATIO = 4.0;

    public Settings {
        theme = theme == null ? Theme.LIGHT : theme;
        pricingModel = pricingModel == null ? PricingModel.ON_DEMAND : pricingModel;
        if (!(outputInputCostRatio > 0) || Double.isInfinite(outputInputCostRatio)) {
            outputInputCostRatio = DEFAULT_COST_RATIO;
        }
        lastModel = blankToEmpty(lastModel);
        lastModelServer = blankToEmpty(lastModelServer);
        lastModelServerVersion = blankToEmpty(lastModelServerVersion);
        lastAccelerator = blankToEmpty(lastAccelerator);
        lastNamespace = blankToEmpty(lastNamespace);
        lastKubeContext = blankToEmpty(lastKubeContext);
        profileDirs = profileDirs == null ? List.of() : List.copyOf(profileDirs);
    }

    /** What a first run starts with. */
    public static Settings defaults() {
        return new Settings(null, null, DEFAULT_COST_RATIO, null, null, null, null, null, null, null);
    }

    public Settings withTheme(Theme t) {
        return new Settings(t, pricingModel, outputInputCostRatio, lastModel, lastModelServer, lastModelServerVersion,
                lastAccelerator, lastNamespace, lastKubeContext, profileDirs);
    }

    public Settings withPricingModel(PricingModel p) {
        return new Settings(theme, p, outputInputCostRatio, lastModel, lastModelServer, lastModelServerVersion,
                lastAccelerator, lastNamespace, lastKubeContext, profileDirs);
    }

    /** Remembers the profile the user settled on in the wizard. */
    public Settings withLastChoice(String model, String modelServer, String modelServerVersion, String accelerator) {
        return new Settings(theme, pricingModel, outputInputCostRatio, Optional.ofNullable(model),
                Optional.ofNullable(modelServer), Optional.ofNullable(modelServerVersion),
                Optional.ofNullable(accelerator), lastNamespace, lastKubeContext, profileDirs);
    }

    public Settings withLastDeployTarget(String kubeContext, String namespace) {
        return new Settings(theme, pricingModel, outputInputCostRatio, lastModel, lastModelServer,
                lastModelServerVersion, lastAccelerator, Optional.ofNullable(namespace),
                Optional.ofNullable(kubeContext), profileDirs);
    }

    public Settings withProfileDirs(List<String> dirs) {
        return new Settings(theme, pricingModel, outputInputCostRatio, lastModel, lastModelServer,
                lastModelServerVersion, lastAccelerator, lastNamespace, lastKubeContext, dirs);
    }

    @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(s -> !s.isBlank());
    }
}
