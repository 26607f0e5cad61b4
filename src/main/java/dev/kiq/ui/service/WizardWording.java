package dev.kiq.ui.service;

import dev.kiq.deploy.DeployRequest;
import dev.kiq.deploy.KiqLabels;
import dev.kiq.deploy.Wording;
import java.util.List;

/**
 * The deploy core's remedies in the wizard's words: its fields and buttons, never the CLI's flags or commands.
 * Commands of other tools ({@code kubectl}, {@code gcloud}) stay in the core's text: the user runs them in a
 * terminal either way.
 */
final class WizardWording implements Wording {

    static final Wording INSTANCE = new WizardWording();

    /** The wizard's Deploy page always watches the rollout this long (the core's default). */
    private static final long WATCH_MINUTES = DeployRequest.DEFAULT_TIMEOUT.toMinutes();

    private WizardWording() {
    }

    @Override
    public String createOrChooseNamespace() {
        return "Tick \"Create the namespace if it does not exist\", or type the name of an existing namespace.";
    }

    @Override
    public String applyForReal() {
        return "Press Deploy to create it and apply them.";
    }

    @Override
    public String takeOverFields() {
        return "Remove the other change first, then deploy again.";
    }

    @Override
    public String tryAgain() {
        return "press the same button again";
    }

    @Override
    public String giveHfToken() {
        return "enter your Hugging Face token above and deploy again";
    }

    @Override
    public String waitLonger(String namespace) {
        return "Press Deploy again to watch it for another " + WATCH_MINUTES
                + " minutes; applying the same manifests changes nothing.";
    }

    @Override
    public String followRollout(String namespace) {
        return "Press Deploy again to watch it again; applying the same manifests changes nothing.";
    }

    @Override
    public String releaseFollowUp(String namespace, String release) {
        return "\"Try it & monitor\" shows it, Undeploy removes it.";
    }

    @Override
    public String regenerateManifests() {
        return "regenerate it in the Manifests step";
    }

    @Override
    public String maxModelLength() {
        return "maximum model length (max-model-len in the manifests)";
    }

    @Override
    public String otherRelease(String owner, String release, String namespace) {
        return "To run a second copy, type another namespace in the Namespace field. To replace release " + owner
                + ", remove it first: Undeploy here removes only release " + release + ", so delete its objects with"
                + " `kubectl delete deployment,service,horizontalpodautoscaler -n " + namespace + " -l "
                + KiqLabels.RELEASE + "=" + owner + "` (and its PodMonitoring, if it has one).";
    }

    @Override
    public String namespaceMismatch(String declared, String asked) {
        return "The manifests put objects in namespace " + declared + " but the Namespace field says " + asked
                + "; set the field to " + declared + ", or regenerate the manifests for " + asked
                + " in the Manifests step.";
    }

    @Override
    public String severalNamespaces(List<String> declared) {
        return "The manifests use several namespaces (" + String.join(", ", declared)
                + "); kiq deploys to one, so put every object in the same namespace in the Manifests step.";
    }

    @Override
    public String fixKubeconfig() {
        return "check it with `kubectl config view`, fix it and press Retry";
    }
}
