package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Proves TestFX runs headless through Monocle under surefire (CI has no display). */
@ExtendWith(ApplicationExtension.class)
class HeadlessSmokeTest {

    private Button button;

    @Start
    void start(Stage stage) {
        button = new Button("press");
        button.setId("press");
        button.setOnAction(e -> button.setText("pressed"));
        stage.setScene(new Scene(button, 200, 100));
        stage.show();
        stage.requestFocus();
    }

    @Test
    void clickingAButtonRunsItsAction(FxRobot robot) {
        robot.clickOn("#press");
        assertThat(button.getText()).isEqualTo("pressed");
    }
}
