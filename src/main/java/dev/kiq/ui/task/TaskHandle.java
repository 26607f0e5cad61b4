package dev.kiq.ui.task;

/** A started {@link BackgroundTask}: the user can cancel it. */
public interface TaskHandle {

    /** Asks the work to stop (it sees {@link BackgroundTask.Context#isCancelled()}, and a blocked wait is interrupted). */
    void cancel();

    boolean isCancelled();

    /** A handle for work that was never started. */
    TaskHandle NONE = new TaskHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
