package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the pods of freshly applied Deployments until they are ready, and turns what Kubernetes
 * reports (pod conditions, container states, events, logs) into progress events and, on failure, a
 * {@link Problem}. It polls rather than keeping watches open: a poll is a few list calls, survives
 * reconnects, and is simple to cancel.
 */
final class RolloutWatcher {

    /** How often to look, and how long an unschedulable pod may wait for the autoscaler before it is a failure. */
    record Timing(Duration poll, Duration unschedulableGrace) {
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(2), Duration.ofSeconds(90));
    }

    static final int LOG_LINES = 20;
    private static final Pattern PULLING = Pattern.compile("image \"([^\"]+)\"");
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");

    private final KubernetesClient client;
    private final String ns;
    private final ProblemClassifier classifier;
    private final Wording wording;
    private final Timing timing;
    private final Optional<HfToken> token;
    private final DeployListener listener;
    private final CancelToken cancel;

    private final Set<String> milestones = new HashSet<>();
    private final Map<String, String> lastLogLine = new HashMap<>();
    private final Map<String, Instant> unschedulableSince = new HashMap<>();

    RolloutWatcher(KubernetesClient client, String ns, ProblemClassifier classifier, Wording wording, Timing timing,
            Optional<HfToken> token, DeployListener listener, CancelToken cancel) {
        this.client = client;
        this.ns = ns;
        this.classifier = classifier;
        this.wording = wording;
        this.timing = timing;
        this.token = token;
        this.listener = listener;
        this.cancel = cancel;
    }

    /** Returns empty when every Deployment is ready, else the problem that stopped the rollout. */
    Optional<Problem> watch(List<Deployment> deployments, Duration timeout) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Set<String> done = new LinkedHashSet<>();
        String lastState = "no pod created yet";
        while (true) {
            if (cancel.isCancelled()) {
                return Optional.of(new Problem(ProblemKind.CANCELLED, "Stopped watching the rollout; it goes on in the cluster.",
                        wording.followRollout(ns)));
            }
            try {
                List<Event> events = client.v1().events().inNamespace(ns).list().getItems();
                for (Deployment d : deployments) {
                    String name = d.getMetadata().getName();
                    if (done.contains(name)) {
                        continue;
                    }
                    Deployment live = client.apps().deployments().inNamespace(ns).withName(name).get();
                    if (live == null) {
                        return Optional.of(new Problem(ProblemKind.NOT_FOUND,
                                "Deployment " + name + " was deleted during the rollout.", "Deploy again."));
                    }
                    Optional<Problem> quota = quotaProblem(live, events);
                    if (quota.isPresent()) {
                        return quota;
                    }
                    Map<String, String> selector = live.getSpec().getSelector() == null ? Map.of()
                            : live.getSpec().getSelector().getMatchLabels();
                    List<Pod> pods = selector == null || selector.isEmpty() ? List.of()
                            : client.pods().inNamespace(ns).withLabels(selector).list().getItems();
                    for (Pod pod : pods) {
                        Optional<Problem> p = inspect(pod, events);
                        if (p.isPresent()) {
                            return p;
                        }
                        lastState = describe(pod);
                    }
                    if (isComplete(live)) {
                        done.add(name);
                        int ready = live.getStatus().getReadyReplicas() == null ? 0 : live.getStatus().getReadyReplicas();
                        listener.on(new DeployEvent.RolloutComplete(name, ready, Duration.between(start, Instant.now())));
                    } else {
                        Optional<Problem> stuck = progressDeadline(live);
                        if (stuck.isPresent()) {
                            return stuck;
                        }
                    }
                }
            } catch (KubernetesClientException e) {
                return Optional.of(classifier.classify(e, "list", "pods and events", Optional.of(ns)));
            }
            if (done.size() == deployments.size()) {
                return Optional.empty();
            }
            if (!Instant.now().isBefore(deadline)) {
                return Optional.of(new Problem(ProblemKind.TIMEOUT,
                        "The rollout was not ready after " + timeout.toMinutes() + " min " + timeout.toSecondsPart()
                                + " s; last state: " + lastState + ".",
                        "Large models can take long to download and load. " + wording.waitLonger(ns)
                                + " `kubectl describe pod -n " + ns + "` shows details."));
            }
            if (cancel.sleep(timing.poll())) {
                continue;
            }
        }
    }

    private Optional<Problem> inspect(Pod pod, List<Event> events) {
        String name = pod.getMetadata().getName();
        List<Event> mine = events.stream().filter(e -> e.getInvolvedObject() != null
                && "Pod".equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName())).toList();

        if (pod.getStatus() != null && pod.getStatus().getPhase() != null) {
            String phase = pod.getStatus().getPhase();
            once(name + "/phase/" + phase, () -> new DeployEvent.PodPhase(name, phase));
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if (!"PodScheduled".equals(c.getType()) || !"True".equals(c.getStatus())) {
                    // PodScheduled True has its own milestone below
                    once(name + "/condition/" + c.getType() + "/" + c.getStatus() + "/" + c.getReason(),
                            () -> new DeployEvent.PodCondition(name, c.getType(), c.getStatus(), c.getReason(),
                                    c.getMessage()));
                }
            }
        }
        for (Event e : mine) {
            String reason = String.valueOf(e.getReason());
            if (!reason.equals("Pulling") && !reason.equals("Pulled")) {
                // pulls have their own milestones below
                String id = e.getMetadata() == null || e.getMetadata().getName() == null ? reason + "/" + e.getMessage()
                        : e.getMetadata().getName();
                once(name + "/event/" + id, () -> new DeployEvent.ClusterEvent(name,
                        e.getType() == null ? "Normal" : e.getType(), reason, String.valueOf(e.getMessage())));
            }
        }

        Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
        if (scheduled.isPresent() && "True".equals(scheduled.get().getStatus())) {
            unschedulableSince.remove(name);
            once(name + "/scheduled", () -> new DeployEvent.PodScheduled(name,
                    Optional.ofNullable(pod.getSpec().getNodeName()).orElse("?")));
        } else if (scheduled.isPresent() && "Unschedulable".equals(scheduled.get().getReason())) {
            Optional<Problem> p = unschedulable(pod, scheduled.get(), mine);
            if (p.isPresent()) {
                return p;
            }
        }

        for (Event e : mine) {
            String reason = String.valueOf(e.getReason());
            Matcher m = PULLING.matcher(String.valueOf(e.getMessage()));
            String image = m.find() ? m.group(1) : "";
            if (reason.equals("Pulling")) {
                once(name + "/pulling/" + image, () -> new DeployEvent.ImagePulling(name, image));
            } else if (reason.equals("Pulled")) {
                once(name + "/pulled/" + image, () -> new DeployEvent.ImagePulled(name, image));
            }
        }

        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        boolean podReady = condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
        for (ContainerStatus cs : statuses) {
            ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting != null) {
                String reason = String.valueOf(waiting.getReason());
                String message = waiting.getMessage() == null ? reason : waiting.getMessage();
                if (PULL_FAILURES.contains(reason)) {
                    return Optional.of(new Problem(ProblemKind.IMAGE_PULL,
                            "Pod " + name + " cannot pull image " + cs.getImage() + " (" + reason + "): " + message,
                            "Check that the image name and tag exist; for a private registry add an imagePullSecret, "
                                    + "and make sure the nodes can reach the registry."));
                }
                if (reason.equals("CrashLoopBackOff")) {
                    return Optional.of(new Problem(ProblemKind.CRASH_LOOP,
                            "Container " + cs.getName() + " of pod " + name + " keeps crashing (CrashLoopBackOff, "
                                    + cs.getRestartCount() + " restarts). Its last log lines:",
                            "Read the log lines: an out-of-memory error on the accelerator needs a smaller "
                                    + wording.maxModelLength() + " or a larger accelerator; 401/403 from huggingface.co means the "
                                    + "token in hf-secret lacks access to the model (accept its license on Hugging Face). "
                                    + "Fix it and deploy again.",
                            lastLogLines(name, cs.getName(), true)));
                }
                if (reason.equals("CreateContainerConfigError")) {
                    boolean secret = message.toLowerCase(Locale.ROOT).contains("secret");
                    return Optional.of(new Problem(secret ? ProblemKind.MISSING_SECRET : ProblemKind.INVALID,
                            "Pod " + name + " cannot start container " + cs.getName() + ": " + message,
                            secret ? "Create the Secret: " + wording.giveHfToken() + "."
                                    : "Fix the container's configuration in the manifest and deploy again."));
                }
            }
            if (cs.getState() != null && cs.getState().getRunning() != null) {
                once(name + "/started/" + cs.getName(), () -> new DeployEvent.ContainerStarted(name, cs.getName()));
                if (!Boolean.TRUE.equals(cs.getReady()) && !podReady) {
                    List<String> tail = lastLogLines(name, cs.getName(), false);
                    Optional<String> line = tail.isEmpty() ? Optional.empty() : Optional.of(tail.get(tail.size() - 1));
                    String key = name + "/" + cs.getName();
                    String previous = lastLogLine.get(key);
                    if (previous == null || !previous.equals(line.orElse(""))) {
                        lastLogLine.put(key, line.orElse(""));
                        listener.on(new DeployEvent.ModelLoading(name, line));
                    }
                }
            }
        }
        if (podReady) {
            once(name + "/ready", () -> new DeployEvent.PodReady(name));
        }
        return Optional.empty();
    }

    private Optional<Problem> unschedulable(Pod pod, PodCondition condition, List<Event> events) {
        String name = pod.getMetadata().getName();
        String message = Optional.ofNullable(condition.getMessage()).filter(m -> !m.isBlank())
                .or(() -> events.stream().filter(e -> "FailedScheduling".equals(e.getReason()) && e.getMessage() != null)
                        .map(Event::getMessage).findFirst())
                .orElse("");
        boolean scaleUp = events.stream().anyMatch(e -> "TriggeredScaleUp".equals(e.getReason()));
        boolean noScaleUp = events.stream().anyMatch(e -> "NotTriggerScaleUp".equals(e.getReason()));
        Instant since = unschedulableSince.computeIfAbsent(name, n -> Instant.now());
        boolean graceOver = !Instant.now().isBefore(since.plus(timing.unschedulableGrace()));
        if (scaleUp || (!noScaleUp && !graceOver)) {
            String why = scaleUp ? "the cluster autoscaler is adding a node (" + message + ")" : message;
            once(name + "/waiting/" + why, () -> new DeployEvent.PodWaiting(name, why));
            return Optional.empty();
        }
        Optional<String> accel = Preflight.ACCELERATOR_RESOURCES.stream()
                .filter(r -> message.contains("Insufficient " + r)).findFirst();
        if (accel.isPresent()) {
            return Optional.of(new Problem(ProblemKind.INSUFFICIENT_ACCELERATOR,
                    "Pod " + name + " cannot be scheduled: no node has a free " + accel.get() + " (" + message + ").",
                    "Add accelerator nodes (a node pool with the accelerator, or enable node auto-provisioning), "
                            + "raise the accelerator quota of the project if the autoscaler cannot add nodes, "
                            + "or free accelerators used by other pods."));
        }
        return Optional.of(new Problem(ProblemKind.UNSCHEDULABLE,
                "Pod " + name + " cannot be scheduled: " + message,
                "Check that a node matches the pod's nodeSelector and tolerations (`kubectl describe pod " + name
                        + " -n " + ns + "`), or add such a node."));
    }

    private Optional<Problem> quotaProblem(Deployment live, List<Event> events) {
        String prefix = live.getMetadata().getName() + "-";
        for (Event e : events) {
            if (e.getInvolvedObject() != null && "ReplicaSet".equals(e.getInvolvedObject().getKind())
                    && String.valueOf(e.getInvolvedObject().getName()).startsWith(prefix)
                    && "FailedCreate".equals(e.getReason()) && String.valueOf(e.getMessage()).contains("exceeded quota")) {
                return Optional.of(quota(live.getMetadata().getName(), e.getMessage()));
            }
        }
        if (live.getStatus() != null && live.getStatus().getConditions() != null) {
            for (DeploymentCondition c : live.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())
                        && String.valueOf(c.getMessage()).contains("exceeded quota")) {
                    return Optional.of(quota(live.getMetadata().getName(), c.getMessage()));
                }
            }
        }
        return Optional.empty();
    }

    private Problem quota(String deployment, String message) {
        return new Problem(ProblemKind.QUOTA_EXCEEDED,
                "Deployment " + deployment + " cannot create its pods: a resource quota in namespace " + ns
                        + " is exceeded (" + message + ").",
                "Ask an admin to raise the quota (`kubectl describe resourcequota -n " + ns
                        + "`), free resources in the namespace, or deploy to another namespace.");
    }

    private Optional<Problem> progressDeadline(Deployment live) {
        if (live.getStatus() == null || live.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (DeploymentCondition c : live.getStatus().getConditions()) {
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                    && "ProgressDeadlineExceeded".equals(c.getReason())) {
                return Optional.of(new Problem(ProblemKind.ROLLOUT_STUCK,
                        "Deployment " + live.getMetadata().getName() + " made no progress: " + c.getMessage(),
                        "See `kubectl describe deployment " + live.getMetadata().getName() + " -n " + ns
                                + "` and the pod events; raise spec.progressDeadlineSeconds for slow model loads."));
            }
        }
        return Optional.empty();
    }

    static boolean isComplete(Deployment d) {
        if (d.getStatus() == null) {
            return false;
        }
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = d.getStatus().getObservedGeneration() == null ? 0 : d.getStatus().getObservedGeneration();
        int updated = d.getStatus().getUpdatedReplicas() == null ? 0 : d.getStatus().getUpdatedReplicas();
        int ready = d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
        return observed >= generation && updated >= wanted && ready >= wanted;
    }

    /**
     * The last lines a container logged, by one GET of the pod's log. Not fabric8's {@code getLog()}: in fabric8 8.0.0
     * it first waits for the pod to be ready with an informer (a LIST and a WATCH of the pod) even when the wait is 0 ms,
     * a wasted round trip per call here, where the pod is by definition not ready; against a mock API server the LIST
     * fails and fabric8's Reflector logs a stack trace (kubernetes-client issue 7741, fixed after 8.0.0 by pull 7742).
     */
    private List<String> lastLogLines(String pod, String container, boolean previous) {
        try {
            // the query fabric8's getLog() sends: pretty=false&container=C[&previous=true]&tailLines=N
            String text = client.raw(io.fabric8.kubernetes.client.utils.URLUtils.join(client.getMasterUrl().toString(),
                    "api", "v1", "namespaces", ns, "pods", pod, "log?pretty=false&container=" + container
                            + (previous ? "&previous=true&tailLines=" + LOG_LINES : "&tailLines=1")));
            if (text == null || text.isBlank()) {
                return List.of();
            }
            List<String> lines = Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
            return token.map(t -> tail.stream().map(t::redact).toList()).orElse(tail);
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String describe(Pod pod) {
        String phase = pod.getStatus() == null ? "unknown" : String.valueOf(pod.getStatus().getPhase());
        return "pod " + pod.getMetadata().getName() + " " + phase;
    }

    private void once(String key, java.util.function.Supplier<DeployEvent> event) {
        if (milestones.add(key)) {
            listener.on(event.get());
        }
    }
}
