package dev.kiq.deploy;

import dev.kiq.KiqException;
import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The deploy pipeline: target namespace (created if asked), {@code hf-secret} from the token,
 * pre-flight checks, a server-side dry run of every object, then server-side apply with the {@code kiq}
 * field manager, and optionally a watch of the rollout. Every step is an event to the listener; a
 * failure stops the pipeline and the final report says which objects are on the cluster.
 */
public final class Deployer {

    private final KubernetesClient client;
    private final String contextName;
    private final Wording wording;
    private final RolloutWatcher.Timing timing;

    /** @param wording how the front end that runs the deploy words what the user can do (flags, or buttons) */
    public Deployer(KubernetesClient client, String contextName, Wording wording) {
        this(client, contextName, wording, RolloutWatcher.Timing.DEFAULT.poll(),
                RolloutWatcher.Timing.DEFAULT.unschedulableGrace());
    }

    /**
     * @param poll               how often the rollout watch looks at pods and events
     * @param unschedulableGrace how long an unschedulable pod may wait for the cluster autoscaler before
     *                           it is reported as a failure
     */
    public Deployer(KubernetesClient client, String contextName, Wording wording, Duration poll,
            Duration unschedulableGrace) {
        this.client = client;
        this.contextName = contextName;
        this.wording = wording;
        this.timing = new RolloutWatcher.Timing(poll, unschedulableGrace);
    }

    /** A deploy running in the background: its result, and a way to stop it. */
    public record Handle(CompletableFuture<DeployReport> result, CancelToken cancel) {
    }

    /** Runs {@link #deploy} on {@code executor}; the wizard uses this. */
    public Handle start(DeployRequest request, DeployListener listener, Executor executor) {
        CancelToken cancel = new CancelToken();
        CompletableFuture<DeployReport> result = CompletableFuture.supplyAsync(
                () -> deploy(request, listener, cancel), executor);
        return new Handle(result, cancel);
    }

    /** Only the pre-flight checks, for a wizard page that shows them before the Deploy button. */
    public List<PreflightFinding> preflight(DeployRequest request) {
        String ns = targetNamespace(request);
        List<HasMetadata> objects = request.objects().stream().map(o -> prepare(o, ns, "preflight")).toList();
        return new Preflight(client, wording).check(objects, ns, request.hfToken().isPresent()).findings();
    }

    public DeployReport deploy(DeployRequest request, DeployListener listener, CancelToken cancel) {
        if (request.objects().isEmpty()) {
            throw new KiqException("The manifests contain no Kubernetes objects; give a file with at least a Deployment.");
        }
        String ns = targetNamespace(request);
        String release = request.release().orElseGet(() -> defaultRelease(request.objects()));
        String server = String.valueOf(client.getMasterUrl());
        ProblemClassifier classifier = new ProblemClassifier(contextName, server, wording);
        Run run = new Run(request, listener, cancel, classifier, ns, release);
        run.emit(new DeployEvent.Connected(contextName, server, ns));
        return run.execute();
    }

    /** The pipeline state of one deploy. */
    private final class Run {
        final DeployRequest request;
        final DeployListener listener;
        final CancelToken cancel;
        final ProblemClassifier classifier;
        final String ns;
        final String release;
        final LinkedHashMap<ObjectRef, ApplyOutcome> outcomes = new LinkedHashMap<>();
        final List<PreflightFinding> warnings = new ArrayList<>();

        Run(DeployRequest request, DeployListener listener, CancelToken cancel, ProblemClassifier classifier,
                String ns, String release) {
            this.request = request;
            this.listener = listener;
            this.cancel = cancel;
            this.classifier = classifier;
            this.ns = ns;
            this.release = release;
        }

        void emit(DeployEvent e) {
            listener.on(e);
        }

        DeployReport execute() {
            List<HasMetadata> objects = new ArrayList<>();
            for (HasMetadata o : request.objects()) {
                objects.add(prepare(o, ns, release));
            }
            request.hfToken().ifPresent(t -> objects.add(0, hfSecret(t, ns)));
            objects.forEach(o -> outcomes.put(ObjectRef.of(o), ApplyOutcome.NOT_APPLIED));

            // 1. the namespace
            boolean namespaceExists;
            try {
                namespaceExists = namespaceExists();
            } catch (KubernetesClientException e) {
                return fail(classifier.classify(e, "get", "namespaces \"" + ns + "\"", Optional.empty()));
            }
            if (!namespaceExists && !request.createNamespace()) {
                return fail(new Problem(ProblemKind.NOT_FOUND,
                        "Namespace " + ns + " does not exist in context " + contextName + ".",
                        wording.createOrChooseNamespace()));
            }
            if (!namespaceExists) {
                Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(ns)
                        .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).endMetadata().build();
                ObjectRef ref = ObjectRef.of(namespace);
                LinkedHashMap<ObjectRef, ApplyOutcome> withNs = new LinkedHashMap<>();
                withNs.put(ref, ApplyOutcome.NOT_APPLIED);
                withNs.putAll(outcomes);
                outcomes.clear();
                outcomes.putAll(withNs);
                try {
                    if (request.dryRun()) {
                        apply(namespace, true, true);
                        record(ref, ApplyOutcome.CREATED, true);
                    } else {
                        apply(namespace, false, true);
                        record(ref, ApplyOutcome.CREATED, false);
                    }
                } catch (KubernetesClientException e) {
                    record(ref, ApplyOutcome.FAILED, request.dryRun());
                    return fail(classifier.classify(e, "create", "namespaces \"" + ns + "\"", Optional.empty()));
                }
            }

            // 2. pre-flight
            Preflight.Result pre;
            try {
                pre = new Preflight(client, wording).check(objects, ns, request.hfToken().isPresent());
            } catch (KubernetesClientException e) {
                return fail(classifier.classify(e, "get", "the cluster's API discovery", Optional.empty()));
            }
            for (PreflightFinding f : pre.findings()) {
                if (!f.ok()) {
                    warnings.add(f);
                }
                emit(new DeployEvent.PreflightChecked(f));
            }
            List<HasMetadata> toApply = new ArrayList<>();
            for (HasMetadata o : objects) {
                ObjectRef ref = ObjectRef.of(o);
                if (pre.unsupported().containsKey(ref)) {
                    outcomes.put(ref, ApplyOutcome.SKIPPED);
                } else {
                    toApply.add(o);
                }
            }
            if (cancel.isCancelled()) {
                return cancelled();
            }

            // 3. server-side dry run of every object
            Map<ObjectRef, Optional<HasMetadata>> live = new HashMap<>();
            boolean namespaceReal = namespaceExists;
            for (int i = 0; i < toApply.size(); i++) {
                HasMetadata o = toApply.get(i);
                ObjectRef ref = ObjectRef.of(o);
                if (!namespaceReal && ref.namespace().isPresent()) {
                    continue; // the namespace is only dry-run created; its objects cannot be checked yet
                }
                try {
                    Optional<HasMetadata> before = Optional.ofNullable(resource(o).get());
                    live.put(ref, before);
                    Optional<String> owner = otherRelease(o, before, release);
                    if (owner.isPresent()) {
                        // nothing is applied yet (only dry runs so far): the other release stays as it is
                        return fail(new Problem(ProblemKind.CONFLICT, ref + " in namespace " + ns + " belongs to kiq"
                                + " release " + owner.get() + "; deploying these manifests as release " + release
                                + " would take it over.", wording.otherRelease(owner.get(), release, ns)));
                    }
                    HasMetadata after = apply(o, true, force(o, before));
                    if (before.isPresent() && !sameContent(before.get(), after)) {
                        // regenerated manifests differ only in their generated-at stamp: keep the live one
                        Optional<HasMetadata> restamped = withLiveGenerationStamp(o, before.get());
                        if (restamped.isPresent()) {
                            HasMetadata again = apply(restamped.get(), true, force(o, before));
                            if (sameContent(before.get(), again)) {
                                o = restamped.get();
                                toApply.set(i, o);
                                after = again;
                            }
                        }
                    }
                    ApplyOutcome outcome = before.isEmpty() ? ApplyOutcome.CREATED
                            : sameContent(before.get(), after) ? ApplyOutcome.UNCHANGED : ApplyOutcome.CONFIGURED;
                    if (request.dryRun()) {
                        record(ref, outcome, true);
                    } else {
                        emit(new DeployEvent.DryRunChecked(ref, outcome));
                    }
                } catch (KubernetesClientException e) {
                    outcomes.put(ref, ApplyOutcome.FAILED);
                    emit(new DeployEvent.DryRunChecked(ref, ApplyOutcome.FAILED));
                    return fail(classifier.classify(e, "patch", target(ref), ref.namespace()));
                }
                if (cancel.isCancelled()) {
                    return cancelled();
                }
            }
            if (!namespaceReal && request.dryRun()) {
                warnings.add(PreflightFinding.missing("namespace", "Namespace " + ns
                        + " does not exist yet, so the objects in it were not checked by the server.",
                        wording.applyForReal()));
                emit(new DeployEvent.PreflightChecked(warnings.get(warnings.size() - 1)));
            }
            if (request.dryRun()) {
                return finish(Optional.empty(), false);
            }

            // 4. server-side apply
            List<Deployment> applied = new ArrayList<>();
            for (HasMetadata o : toApply) {
                if (cancel.isCancelled()) {
                    return cancelled();
                }
                ObjectRef ref = ObjectRef.of(o);
                Optional<HasMetadata> before = live.getOrDefault(ref, Optional.empty());
                try {
                    HasMetadata after = apply(o, false, force(o, before));
                    ApplyOutcome outcome = before.isEmpty() ? ApplyOutcome.CREATED
                            : Objects.equals(before.get().getMetadata().getResourceVersion(),
                                    after.getMetadata().getResourceVersion())
                                    ? ApplyOutcome.UNCHANGED : ApplyOutcome.CONFIGURED;
                    record(ref, outcome, false);
                    if (after instanceof Deployment d) {
                        applied.add(d);
                    }
                } catch (KubernetesClientException e) {
                    record(ref, ApplyOutcome.FAILED, false);
                    return fail(classifier.classify(e, "patch", target(ref), ref.namespace()));
                }
            }

            // 5. rollout
            if (request.waitForRollout() && !applied.isEmpty()) {
                RolloutWatcher watcher = new RolloutWatcher(client, ns, classifier, wording, timing,
                        request.hfToken(), listener, cancel);
                Optional<Problem> problem = watcher.watch(applied, request.timeout());
                return finish(problem, problem.isEmpty());
            }
            return finish(Optional.empty(), false);
        }

        private void record(ObjectRef ref, ApplyOutcome outcome, boolean dry) {
            outcomes.put(ref, outcome);
            emit(dry ? new DeployEvent.DryRunChecked(ref, outcome) : new DeployEvent.ObjectApplied(ref, outcome));
        }

        private DeployReport cancelled() {
            return fail(new Problem(ProblemKind.CANCELLED, "The deploy was cancelled.",
                    capitalized(wording.tryAgain()) + " to continue; objects already applied stay as reported."));
        }

        private DeployReport fail(Problem problem) {
            return finish(Optional.of(problem), false);
        }

        private DeployReport finish(Optional<Problem> problem, boolean rolledOut) {
            Optional<Problem> redacted = problem.map(p -> redact(p, request.hfToken()));
            redacted.ifPresent(p -> emit(new DeployEvent.Failed(p)));
            List<DeployReport.ObjectResult> results = outcomes.entrySet().stream()
                    .map(e -> new DeployReport.ObjectResult(e.getKey(), e.getValue())).toList();
            DeployReport report = new DeployReport(contextName, ns, release, request.dryRun(), results, warnings,
                    redacted, rolledOut, wording.releaseFollowUp(ns, release));
            emit(new DeployEvent.Finished(report));
            return report;
        }

        private boolean namespaceExists() {
            try {
                return client.namespaces().withName(ns).get() != null;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    return true; // namespace-scoped users may not read Namespace objects; assume it is there
                }
                throw e;
            }
        }

        private boolean force(HasMetadata o, Optional<HasMetadata> before) {
            // kiq owns what it applied before and its Secret; others' objects are only taken over on request
            return request.forceConflicts() || before.isEmpty()
                    || KiqLabels.MANAGED_BY_VALUE.equals(labels(before.get()).get(KiqLabels.MANAGED_BY))
                    || o instanceof Secret && ManifestGenerator.HF_SECRET.equals(o.getMetadata().getName());
        }
    }

    private Resource<HasMetadata> resource(HasMetadata o) {
        var r = client.resource(o);
        String ns = o.getMetadata().getNamespace();
        return ns == null ? r : r.inNamespace(ns);
    }

    private HasMetadata apply(HasMetadata o, boolean dryRun, boolean force) {
        Resource<HasMetadata> r = resource(o);
        ServerSideApplicable<HasMetadata> op = dryRun ? r.dryRun().fieldManager(KiqLabels.FIELD_MANAGER)
                : r.fieldManager(KiqLabels.FIELD_MANAGER);
        if (force) {
            op = op.forceConflicts();
        }
        return op.serverSideApply();
    }

    /** {@code o} with the live object's generated-at annotation, when both have one and they differ. */
    private Optional<HasMetadata> withLiveGenerationStamp(HasMetadata o, HasMetadata live) {
        String key = ManifestGenerator.GENERATED_AT_ANNOTATION;
        Map<String, String> mine = o.getMetadata().getAnnotations();
        Map<String, String> theirs = live.getMetadata().getAnnotations();
        if (mine == null || theirs == null || !mine.containsKey(key) || !theirs.containsKey(key)
                || mine.get(key).equals(theirs.get(key))) {
            return Optional.empty();
        }
        HasMetadata copy = client.getKubernetesSerialization().clone(o);
        Map<String, String> annotations = new LinkedHashMap<>(mine);
        annotations.put(key, theirs.get(key));
        copy.getMetadata().setAnnotations(annotations);
        return Optional.of(copy);
    }

    /** A copy of {@code o} in the target namespace with kiq's labels. */
    private HasMetadata prepare(HasMetadata original, String ns, String release) {
        HasMetadata o = client.getKubernetesSerialization().clone(original);
        if (isNamespaced(o)) {
            o.getMetadata().setNamespace(ns);
        }
        Map<String, String> labels = new LinkedHashMap<>(labels(o));
        labels.put(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE);
        labels.put(KiqLabels.RELEASE, release);
        o.getMetadata().setLabels(labels);
        return o;
    }

    /**
     * The kiq release {@code live} belongs to when it is not {@code release}: applying {@code mine} over it would move
     * it to this release. Empty for a new object, for one kiq did not label with a release, and for what releases
     * share (hf-secret carries no release).
     */
    private static Optional<String> otherRelease(HasMetadata mine, Optional<HasMetadata> live, String release) {
        if (live.isEmpty() || !labels(mine).containsKey(KiqLabels.RELEASE)) {
            return Optional.empty();
        }
        Map<String, String> theirs = labels(live.get());
        String owner = theirs.get(KiqLabels.RELEASE);
        return KiqLabels.MANAGED_BY_VALUE.equals(theirs.get(KiqLabels.MANAGED_BY)) && owner != null
                && !owner.equals(release) ? Optional.of(owner) : Optional.empty();
    }

    private static boolean isNamespaced(HasMetadata o) {
        if (o instanceof GenericKubernetesResource) {
            // custom resources kiq generates (PodMonitoring, ServiceMonitor) are namespaced; a cluster-scoped
            // one keeps whatever namespace its manifest says (none)
            return o.getMetadata().getNamespace() != null || !o.getKind().startsWith("Cluster");
        }
        return o instanceof Namespaced;
    }

    private static Map<String, String> labels(HasMetadata o) {
        Map<String, String> l = o.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    private String targetNamespace(DeployRequest request) {
        Set<String> declared = new LinkedHashSet<>();
        for (HasMetadata o : request.objects()) {
            if (o.getMetadata() == null || o.getMetadata().getName() == null) {
                throw new KiqException("A " + o.getKind() + " in the manifests has no metadata.name; every object needs a name.");
            }
            if (o.getMetadata().getNamespace() != null && isNamespaced(o)) {
                declared.add(o.getMetadata().getNamespace());
            }
        }
        if (request.namespace().isPresent()) {
            String ns = request.namespace().get();
            for (String d : declared) {
                if (!d.equals(ns)) {
                    throw new KiqException(wording.namespaceMismatch(d, ns));
                }
            }
            return ns;
        }
        if (declared.size() > 1) {
            throw new KiqException(wording.severalNamespaces(List.copyOf(declared)));
        }
        if (declared.size() == 1) {
            return declared.iterator().next();
        }
        String contextNs = client.getNamespace();
        return contextNs == null || contextNs.isBlank() ? "default" : contextNs;
    }

    /**
     * The release a deploy of these objects gets when none is named: the first Deployment's name (else the first
     * object's). The wizard undeploys the release of its manifests by this name.
     */
    public static String defaultRelease(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof Deployment).findFirst()
                .or(() -> objects.stream().findFirst())
                .map(o -> o.getMetadata().getName()).orElse("kiq");
    }

    private static Secret hfSecret(HfToken token, String ns) {
        return new SecretBuilder().withNewMetadata().withName(ManifestGenerator.HF_SECRET).withNamespace(ns)
                .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).endMetadata()
                .withType("Opaque")
                .addToData(ManifestGenerator.HF_SECRET_KEY, token.secretDataValue())
                .build();
    }

    /** Equal apart from what the server changes on every write (managedFields, resourceVersion, generation). */
    private boolean sameContent(HasMetadata a, HasMetadata b) {
        return normalized(a).equals(normalized(b));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> normalized(HasMetadata o) {
        Map<String, Object> map = client.getKubernetesSerialization().convertValue(o, Map.class);
        Object meta = map.get("metadata");
        if (meta instanceof Map<?, ?> m) {
            Map<String, Object> copy = new HashMap<>((Map<String, Object>) m);
            copy.remove("managedFields");
            copy.remove("resourceVersion");
            copy.remove("generation");
            map.put("metadata", copy);
        }
        return map;
    }

    private static String target(ObjectRef ref) {
        String kind = ref.kind().toLowerCase(java.util.Locale.ROOT) + "s";
        return (ref.group().isEmpty() ? kind : kind + "." + ref.group()) + " \"" + ref.name() + "\"";
    }

    /** {@code clause} with its first letter in upper case, to start a sentence. */
    static String capitalized(String clause) {
        return clause.isEmpty() ? clause : Character.toUpperCase(clause.charAt(0)) + clause.substring(1);
    }

    static Problem redact(Problem p, Optional<HfToken> token) {
        if (token.isEmpty()) {
            return p;
        }
        HfToken t = token.get();
        return new Problem(p.kind(), t.redact(p.message()), t.redact(p.remedy()),
                p.details().stream().map(t::redact).toList());
    }
}
