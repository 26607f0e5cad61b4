package dev.kiq.ui.wizard;

import javafx.beans.value.ObservableBooleanValue;

/** One page of the wizard, as the wizard sees it. */
public interface StepViewModel {

    String title();

    /** True when the user may go on to the next step. */
    ObservableBooleanValue complete();

    /** Called each time the page is shown, after the earlier steps may have changed. */
    default void entered() {
    }

    /** Called when the user leaves the page: clears what only made sense there (e.g. "Exported to …"). */
    default void left() {
    }
}
