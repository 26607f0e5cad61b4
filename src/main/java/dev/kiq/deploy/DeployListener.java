package dev.kiq.deploy;

/** Receives the events of a deploy, in order, on the thread that runs the deploy. */
@FunctionalInterface
public interface DeployListener {

    void on(DeployEvent event);

    static DeployListener ignoring() {
        return e -> { };
    }
}
