package dev.kiq.ui.service;

/**
 * A model the wizard can offer.
 *
 * @param id     Hugging Face id, e.g. {@code deepseek-ai/DeepSeek-R1-Distill-Qwen-7B}
 * @param origin where its profiles come from: the catalog (optimized) or the performance model run from a config.json
 */
public record ModelEntry(String id, Origin origin) {

    public enum Origin {
        /** In kiq's catalog with shipped profiles. */
        OPTIMIZED("optimized"),
        /** Profiles measured with {@code kiq bench} or imported, for a model the catalog does not know. */
        MEASURED("measured"),
        /** Added by the user from a config.json; profiles produced by the performance model on this machine. */
        MODELED("modeled");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
