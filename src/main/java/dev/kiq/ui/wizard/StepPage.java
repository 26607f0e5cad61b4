package dev.kiq.ui.wizard;

import java.util.Optional;
import javafx.scene.Node;

/**
 * A page that names its main control, which gets the keyboard focus when the page is shown. Pages that do
 * not implement it get the focus on their first focusable control.
 */
public interface StepPage {

    Optional<Node> mainControl();
}
