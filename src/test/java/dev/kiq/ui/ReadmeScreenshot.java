package dev.kiq.ui;

import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.CurrentThreadTaskExecutor;
import dev.kiq.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Renders the README screenshot of the Performance step from the real app, headless (Monocle, software
 * rendering): DeepSeek-R1-Distill-Qwen-7B on vLLM with an NTPOT target of 40 ms on nvidia-h100-80gb,
 * nvidia-tesla-a100 overlaid. Run by hand (see README); writes {@code docs/wizard-performance.png}.
 */
public final class ReadmeScreenshot {

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("headless.geometry", "1600x1200-32");
        Path out = Path.of(args.length > 0 ? args[0] : "docs/wizard-performance.png");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CountDownLatch shown = new CountDownLatch(1);
        Scene[] scene = new Scene[1];
        Platform.runLater(() -> {
            Wizard wizard = new Wizard(CoreAdapters.create(new CurrentThreadTaskExecutor(), java.util.Optional.empty()));
            scene[0] = KiqApp.show(new Stage(), wizard);
            wizard.model().select("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
            wizard.workload().targetNtpotProperty().set("40");
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.viewModel().goTo(4);
            Profile a100 = wizard.state().profiles().stream()
                    .filter(p -> p.acceleratorType().equals("nvidia-tesla-a100")).findFirst().orElseThrow();
            wizard.performance().overlays().setAll(a100);
            shown.countDown();
        });
        shown.await();
        CountDownLatch written = new CountDownLatch(1);
        // two pulses later everything is laid out and the chart canvas has its final size
        Platform.runLater(() -> Platform.runLater(() -> {
            WritableImage image = scene[0].snapshot(null);
            try {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".wizard", ".png");
                ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", tmp.toFile());
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                written.countDown();
            }
        }));
        written.await();
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
        Platform.exit();
        System.exit(0);
    }
}
