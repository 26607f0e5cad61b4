package dev.kiq.cli;

import dev.kiq.deploy.Wording;
import java.util.List;

/** The deploy core's remedies in the CLI's words: its flags and commands. The wizard has its own wording. */
final class CliWording implements Wording {

    static final Wording INSTANCE = new CliWording();

    private CliWording() {
    }

    @Override
    public String createOrChooseNamespace() {
        return "Pass --create-namespace to create it, or choose an existing one with --namespace.";
    }

    @Override
    public String applyForReal() {
        return "Deploy without --dry-run to create it and apply them.";
    }

    @Override
    public String takeOverFields() {
        return "Run again with --force-conflicts to take them over, or remove the other change first.";
    }

    @Override
    public String tryAgain() {
        return "run the same command again";
    }

    @Override
    public String giveHfToken() {
        return "deploy again with --hf-token-from-env HF_TOKEN or --hf-token-stdin";
    }

    @Override
    public String waitLonger(String namespace) {
        return "Wait with `kiq status -n " + namespace + "`, or deploy again with a longer --timeout.";
    }

    @Override
    public String followRollout(String namespace) {
        return "Follow it with `kiq status -n " + namespace + "`.";
    }

    @Override
    public String releaseFollowUp(String namespace, String release) {
        return "`kiq status -n " + namespace + "` shows it, `kiq undeploy -n " + namespace + " --release " + release
                + "` removes it.";
    }

    @Override
    public String regenerateManifests() {
        return "regenerate it with `kiq manifests create`";
    }

    @Override
    public String maxModelLength() {
        return "--max-model-len";
    }

    @Override
    public String otherRelease(String owner, String release, String namespace) {
        return "To update release " + owner + ", deploy with --release " + owner + "; to run a second copy, deploy it"
                + " into another namespace (--namespace); or remove " + owner + " first: kiq undeploy --release " + owner
                + " --namespace " + namespace + ".";
    }

    @Override
    public String namespaceMismatch(String declared, String asked) {
        return "The manifests put objects in namespace " + declared + " but --namespace is " + asked
                + "; drop --namespace, or regenerate the manifests with --namespace " + asked + ".";
    }

    @Override
    public String severalNamespaces(List<String> declared) {
        return "The manifests use several namespaces (" + String.join(", ", declared)
                + "); kiq deploys to one, so pass --namespace or fix the manifests.";
    }

    @Override
    public String fixKubeconfig() {
        return "check it with `kubectl config view`, or give another with --kubeconfig";
    }
}
