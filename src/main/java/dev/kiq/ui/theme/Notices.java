package dev.kiq.ui.theme;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** An inline notice: a wrapped banner that shows only while its text is not empty. */
public final class Notices {

    private Notices() {
    }

    /** @param tone {@code warning} (amber banner), {@code danger} (red text on the banner) or {@code info} (accent banner) */
    public static Label of(String id, ObservableStringValue text, String tone) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll("kiq-banner", switch (tone) {
            case "danger" -> "kiq-error";
            case "info" -> "kiq-info";
            default -> "kiq-warning";
        });
        var shown = Bindings.createBooleanBinding(() -> text.get() != null && !text.get().isEmpty(), text);
        l.visibleProperty().bind(shown);
        l.managedProperty().bind(shown);
        return l;
    }
}
