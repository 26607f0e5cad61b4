package dev.kiq.monitor;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A deployed release opened for {@code try} and {@code monitor} (the CLI's and the wizard's): the release found
 * in the namespace, what its profile annotation says it serves, and the ways in: a port-forward to its Service
 * for prompts, and its ready pods' metrics. Owns the client and closes it.
 */
public final class LiveRelease implements AutoCloseable {

    /** A port-forward to the release's Service, open until closed. */
    public record Forward(URI base, LocalPortForward forward) implements AutoCloseable {
        @Override
        public void close() {
            try {
                forward.close();
            } catch (IOException e) {
                // the forward's socket is gone either way
            }
        }
    }

    private final KubernetesClient client;
    private final ClusterRelease release;
    private final Watched watched;

    private LiveRelease(KubernetesClient client, ClusterRelease release, Watched watched) {
        this.client = client;
        this.release = release;
        this.watched = watched;
    }

    /**
     * @param client  closed with this object, also when opening fails
     * @param name    empty: the only release in the namespace
     * @param wording how the front end words the remedies of a failure
     * @throws KiqException naming the releases there are, or saying the Deployment carries no kiq profile annotation
     */
    public static LiveRelease open(KubernetesClient client, String context, String namespace, Optional<String> name,
                                   Catalog catalog, ProfileRepository profiles, dev.kiq.deploy.Wording wording) {
        try {
            ClusterRelease r = ClusterRelease.find(client, context, namespace, name, wording);
            ClusterRelease.Served served = r.served().orElseThrow(() -> new KiqException("Deployment "
                    + r.deployment().getMetadata().getName() + " has no kiq profile annotation, so kiq cannot tell what it"
                    + " serves; watch it through your own port-forward as an endpoint instead."));
            Watched watched = Watched.resolve(catalog, profiles, served.model(), served.modelServer(), served.modelServerVersion(),
                    Optional.of(served.acceleratorType()), OptionalInt.of(served.acceleratorCount()));
            return new LiveRelease(client, r, watched);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The release the manifests deploy (their Deployment's release label); empty when they name none or do not parse. */
    public static Optional<String> releaseIn(String manifests) {
        try {
            return dev.kiq.manifest.ManifestYaml.parse(manifests, "the manifests").stream()
                    .filter(o -> o instanceof io.fabric8.kubernetes.api.model.apps.Deployment)
                    .map(o -> (io.fabric8.kubernetes.api.model.apps.Deployment) o)
                    .map(ClusterRelease::releaseOf).findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public ClusterRelease release() {
        return release;
    }

    /** What the release serves and the profile its live point is placed on. */
    public Watched watched() {
        return watched;
    }

    /** Its ready pods' {@code /metrics}, each through its own port-forward. */
    public ClusterSource pods() {
        return new ClusterSource(release);
    }

    /**
     * Opens a port-forward to the release's Service on a free local port.
     *
     * @throws KiqException when it has no Service, no ready pod, or the API server refuses (naming the RBAC verb)
     */
    public Forward forwardService() {
        LocalPortForward f = release.forwardService();
        return new Forward(URI.create("http://127.0.0.1:" + f.getLocalPort()), f);
    }

    @Override
    public void close() {
        client.close();
    }
}
