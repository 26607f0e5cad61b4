package dev.kiq.deploy;

import dev.kiq.Plural;
import java.time.Duration;
import java.util.Optional;

/**
 * One step of a deploy as it happens. The core emits them in order to a {@link DeployListener};
 * the CLI prints {@link #describe()}, the wizard renders them.
 */
public sealed interface DeployEvent {

    /** One line in plain words. */
    String describe();

    /** How a UI should show an event. */
    enum Tone {
        INFO, DONE, WARNING, ERROR
    }

    /** INFO unless the event is a finished step, a warning or a failure. */
    default Tone tone() {
        return Tone.INFO;
    }

    /** Which cluster and namespace the deploy goes to. */
    record Connected(String context, String server, String namespace) implements DeployEvent {
        @Override
        public String describe() {
            return "Context " + context + " (" + server + "), namespace " + namespace;
        }
    }

    /** A pre-flight check passed or found something missing; missing ones say how to get them. */
    record PreflightChecked(PreflightFinding finding) implements DeployEvent {
        @Override
        public Tone tone() {
            return finding.ok() ? Tone.DONE : Tone.WARNING;
        }

        @Override
        public String describe() {
            return finding.ok() ? "Check passed: " + finding.message()
                    : "WARNING: " + finding.message() + " " + finding.remedy();
        }
    }

    /** The server accepted (or rejected) an object in a server-side dry run. */
    record DryRunChecked(ObjectRef object, ApplyOutcome outcome) implements DeployEvent {
        @Override
        public Tone tone() {
            return outcome == ApplyOutcome.FAILED ? Tone.ERROR : Tone.INFO;
        }

        @Override
        public String describe() {
            return "Dry run: " + object + " " + outcome.describe(true);
        }
    }

    /** An object was applied (created, configured or found unchanged) or skipped. */
    record ObjectApplied(ObjectRef object, ApplyOutcome outcome) implements DeployEvent {
        @Override
        public Tone tone() {
            return outcome == ApplyOutcome.FAILED ? Tone.ERROR : outcome == ApplyOutcome.SKIPPED ? Tone.WARNING : Tone.DONE;
        }

        @Override
        public String describe() {
            return object + " " + outcome.describe(false);
        }
    }

    record PodScheduled(String pod, String node) implements DeployEvent {
        @Override
        public String describe() {
            return "Pod " + pod + " scheduled on node " + node;
        }
    }

    /** A pod cannot be placed yet but the cluster is working on it (e.g. the autoscaler adds a node). */
    record PodWaiting(String pod, String reason) implements DeployEvent {
        @Override
        public Tone tone() {
            return Tone.WARNING;
        }

        @Override
        public String describe() {
            return "Pod " + pod + " waiting: " + reason;
        }
    }

    /** A pod's phase as the watch first sees it or when it changes (Pending, Running, Succeeded, Failed). */
    record PodPhase(String pod, String phase) implements DeployEvent {
        @Override
        public Tone tone() {
            return "Failed".equals(phase) ? Tone.ERROR : Tone.INFO;
        }

        @Override
        public String describe() {
            return "Pod " + pod + " is " + phase;
        }
    }

    /** A pod condition (Initialized, ContainersReady, Ready, ...) as the watch first sees it or when it changes. */
    record PodCondition(String pod, String type, String status, String reason, String message) implements DeployEvent {
        @Override
        public String describe() {
            String why = (reason == null || reason.isBlank() ? "" : " (" + reason + ")")
                    + (message == null || message.isBlank() ? "" : ": " + message);
            return "Pod " + pod + " " + type + " " + status + why;
        }
    }

    /**
     * A Kubernetes Event about a pod of the release, as it comes (each event object once): the scheduler, the
     * autoscaler, the kubelet's probes. The cluster's Warning type is a warning here.
     */
    record ClusterEvent(String pod, String type, String reason, String message) implements DeployEvent {
        @Override
        public Tone tone() {
            return "Warning".equals(type) ? Tone.WARNING : Tone.INFO;
        }

        @Override
        public String describe() {
            return "Pod " + pod + " event " + reason + ": " + message;
        }
    }

    record ImagePulling(String pod, String image) implements DeployEvent {
        @Override
        public String describe() {
            return "Pod " + pod + " pulling image " + image;
        }
    }

    record ImagePulled(String pod, String image) implements DeployEvent {
        @Override
        public String describe() {
            return "Pod " + pod + " pulled image " + image;
        }
    }

    record ContainerStarted(String pod, String container) implements DeployEvent {
        @Override
        public String describe() {
            return "Pod " + pod + " container " + container + " started";
        }
    }

    /** The model server runs but is not ready yet; {@code lastLogLine} shows what it is doing. */
    record ModelLoading(String pod, Optional<String> lastLogLine) implements DeployEvent {
        @Override
        public String describe() {
            return "Pod " + pod + " loading the model" + lastLogLine.map(l -> ": " + l).orElse("");
        }
    }

    record PodReady(String pod) implements DeployEvent {
        @Override
        public Tone tone() {
            return Tone.DONE;
        }

        @Override
        public String describe() {
            return "Pod " + pod + " ready";
        }
    }

    record RolloutComplete(String deployment, int readyReplicas, Duration took) implements DeployEvent {
        @Override
        public Tone tone() {
            return Tone.DONE;
        }

        @Override
        public String describe() {
            return "Deployment " + deployment + " ready: " + Plural.of(readyReplicas, "replica") + " after "
                    + took.toSeconds() + " s";
        }
    }

    /**
     * Something failed, or the user stopped the deploy (a warning: what was applied stays); the deploy stops and the
     * report says what is on the cluster.
     */
    record Failed(Problem problem) implements DeployEvent {
        @Override
        public Tone tone() {
            return problem.kind() == ProblemKind.CANCELLED ? Tone.WARNING : Tone.ERROR;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder(problem.kind() == ProblemKind.CANCELLED ? "" : "ERROR: ")
                    .append(problem.message());
            if (!problem.remedy().isEmpty()) {
                sb.append("\n  What to do: ").append(problem.remedy());
            }
            for (String line : problem.details()) {
                sb.append("\n  | ").append(line);
            }
            return sb.toString();
        }
    }

    /** The last event: what is on the cluster now. */
    record Finished(DeployReport report) implements DeployEvent {
        @Override
        public Tone tone() {
            return report.succeeded() ? Tone.DONE : report.cancelled() ? Tone.WARNING : Tone.ERROR;
        }

        @Override
        public String describe() {
            return report.summary();
        }
    }
}
