package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what the Kubernetes client throws into a {@link Problem} in plain words with what to do.
 * Messages are built from the API server's Status, never from request bodies, so no Secret data can
 * reach them.
 */
public final class ProblemClassifier {

    private final String context;
    private final String server;
    private final Wording wording;

    /** @param wording how the front end words the remedies that name its flags or buttons */
    public ProblemClassifier(String context, String server, Wording wording) {
        this.context = context;
        this.server = server;
        this.wording = wording;
    }

    /**
     * @param verb   what kiq was doing, in Kubernetes RBAC words (get, list, patch, create, delete)
     * @param target the resource, e.g. {@code deployments.apps "vllm"} or {@code nodes}
     * @param ns     the namespace, empty for cluster-scoped resources
     */
    public Problem classify(Throwable error, String verb, String target, Optional<String> ns) {
        Optional<Throwable> network = cause(error, ConnectException.class, UnknownHostException.class,
                NoRouteToHostException.class);
        if (network.isPresent()) {
            return new Problem(ProblemKind.UNREACHABLE,
                    "Cannot reach the API server " + server + " of context " + context + " ("
                            + plainNetworkError(network.get()) + ").",
                    "Check that the cluster is running and reachable from here (VPN, private endpoint, "
                            + "authorized networks), then try `kubectl --context " + context + " cluster-info`.");
        }
        boolean answered = error instanceof KubernetesClientException k && k.getCode() > 0;
        if (!answered && (cause(error, TimeoutException.class, InterruptedIOException.class).isPresent()
                || messageContains(error, "timeout") || messageContains(error, "timed out"))) {
            return new Problem(ProblemKind.TIMEOUT,
                    "The API server " + server + " did not answer in time while trying to " + verb + " " + target
                            + inNs(ns) + ".",
                    "Check the network to the cluster and its health (`kubectl --context " + context
                            + " get --raw /readyz`), then " + wording.tryAgain() + "; applying is idempotent.");
        }
        if (cause(error, SSLException.class).isPresent()) {
            return new Problem(ProblemKind.UNREACHABLE,
                    "The TLS handshake with " + server + " failed: " + cause(error, SSLException.class).get().getMessage(),
                    "Check the certificate-authority data of context " + context + " in your kubeconfig.");
        }
        if (!(error instanceof KubernetesClientException kce)) {
            return new Problem(ProblemKind.OTHER, "Could not " + verb + " " + target + inNs(ns) + ": "
                    + error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage()),
                    Deployer.capitalized(wording.tryAgain()) + "; if it keeps failing, report it with this message.");
        }
        String said = statusMessage(kce);
        int code = kce.getCode();
        switch (code) {
            case 401:
                return unauthorized(said);
            case 403:
                if (said.toLowerCase(Locale.ROOT).contains("exceeded quota")) {
                    return new Problem(ProblemKind.QUOTA_EXCEEDED,
                            "A resource quota" + inNs(ns) + " refused to " + verb + " " + target + ": " + said,
                            "Free capacity in the namespace, ask an admin to raise the quota "
                                    + "(`kubectl describe resourcequota" + nsFlag(ns) + "`), or deploy to another namespace.");
                }
                if (said.contains("system:anonymous")) {
                    return unauthorized(said);
                }
                return new Problem(ProblemKind.FORBIDDEN,
                        "You are not allowed to " + verb + " " + target + inNs(ns) + " in context " + context
                                + ". The API server said: " + said,
                        "Ask a cluster admin for a Role that allows `" + verb + "` on " + resourceName(kce, target)
                                + inNs(ns) + "; check with `kubectl auth can-i " + verb + " " + resourceName(kce, target)
                                + nsFlag(ns) + "`.");
            case 404:
                return new Problem(ProblemKind.NOT_FOUND,
                        "The API server does not know " + target + inNs(ns) + ": " + said,
                        "If it is a custom resource, install its CRD. "
                                + wording.createOrChooseNamespace());
            case 409:
                return new Problem(ProblemKind.CONFLICT,
                        "Conflict while trying to " + verb + " " + target + inNs(ns) + ": " + said,
                        "Another field manager owns these fields (someone edited the object with kubectl or a "
                                + "controller manages it). " + wording.takeOverFields());
            case 422:
            case 400:
                return new Problem(ProblemKind.INVALID,
                        "The API server rejected " + target + " as invalid: " + said,
                        "Fix the manifest (" + wording.regenerateManifests() + ") and deploy again.");
            case 415:
                return new Problem(ProblemKind.SERVER_ERROR,
                        "The API server " + server + " does not support server-side apply (415): " + said,
                        "Use a cluster running Kubernetes 1.22 or newer.");
            default:
                if (code >= 500) {
                    return new Problem(ProblemKind.SERVER_ERROR,
                            "The API server failed (HTTP " + code + ") while trying to " + verb + " " + target
                                    + inNs(ns) + ": " + said,
                            "This is on the cluster side; wait a moment and " + wording.tryAgain()
                                    + " (applying is idempotent). If it persists, check the control plane's health.");
                }
                return new Problem(ProblemKind.OTHER,
                        "Could not " + verb + " " + target + inNs(ns) + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + said,
                        "Check the message above, fix the cause and " + wording.tryAgain() + ".");
        }
    }

    /** What the network said, in words rather than a Java class name (the wizard shows it as it is). */
    private static String plainNetworkError(Throwable t) {
        String m = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage();
        if (t instanceof UnknownHostException) {
            return "unknown host" + (m == null ? "" : " " + m);
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host" + (m == null ? "" : ": " + m);
        }
        return m == null ? "the connection failed" : m;
    }

    private Problem unauthorized(String said) {
        return new Problem(ProblemKind.UNAUTHORIZED,
                "The credentials of context " + context + " were rejected: they are missing or expired (" + said + ").",
                "Refresh them: for GKE run `gcloud container clusters get-credentials CLUSTER --location LOCATION` "
                        + "and make sure gke-gcloud-auth-plugin is installed and on PATH; for other clusters log in "
                        + "again the way your kubeconfig's user entry expects.");
    }

    private static String resourceName(KubernetesClientException kce, String target) {
        String plural = kce.getResourcePlural();
        if (plural == null || plural.isEmpty()) {
            int space = target.indexOf(' ');
            return space < 0 ? target : target.substring(0, space);
        }
        String group = kce.getGroup();
        return group == null || group.isEmpty() ? plural : plural + "." + group;
    }

    private static String statusMessage(KubernetesClientException kce) {
        Status status = kce.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage();
        }
        if (status != null && status.getReason() != null) {
            return status.getReason();
        }
        if (kce.getCode() <= 0) {
            Throwable root = kce;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root == kce ? String.valueOf(kce.getMessage()) : kce.getMessage() + " (" + root + ")";
        }
        return "HTTP " + kce.getCode();
    }

    private static String inNs(Optional<String> ns) {
        return ns.map(n -> " in namespace " + n).orElse("");
    }

    private static String nsFlag(Optional<String> ns) {
        return ns.map(n -> " -n " + n).orElse("");
    }

    @SafeVarargs
    private static Optional<Throwable> cause(Throwable t, Class<? extends Throwable>... types) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean messageContains(Throwable t, String word) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }
}
