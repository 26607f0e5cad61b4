package dev.kiq.deploy;

import java.util.List;

/**
 * How a front end words what the user can do about a deploy situation. The deploy core decides which remedy
 * applies (one home per rule); the CLI says it with its flags and commands, the wizard with its fields and
 * buttons. Every message the core builds that names something only one front end has (a flag, a kiq command,
 * a button) goes through here; commands of other tools ({@code kubectl}, {@code gcloud}) are the same for both
 * and stay in the core's text.
 *
 * <p>Methods ending in a sentence return one with its full stop; the others return a clause that the core
 * places inside its own sentence, starting in lower case.
 */
public interface Wording {

    /** Sentence: the target namespace does not exist and creating it was not asked for; create it or pick another. */
    String createOrChooseNamespace();

    /** Sentence: a dry run could not check the objects of the namespace it would create; apply for real to do so. */
    String applyForReal();

    /** Sentence: another field manager owns fields of an object kiq did not apply before; how to go on. */
    String takeOverFields();

    /** Clause: how to do the same again (applying is idempotent), e.g. "run the same command again". */
    String tryAgain();

    /** Clause: how to give the Hugging Face token for {@code hf-secret}, e.g. "deploy again with ...". */
    String giveHfToken();

    /** Sentence: the rollout was not ready within the time given; how to follow it or wait longer. */
    String waitLonger(String namespace);

    /** Sentence: the watch stopped while the rollout goes on in the cluster; how to follow it. */
    String followRollout(String namespace);

    /** Sentence: after an apply, how to look at the release and how to remove it. */
    String releaseFollowUp(String namespace, String release);

    /** Clause: how to regenerate a manifest the API server rejected, e.g. "regenerate it with ...". */
    String regenerateManifests();

    /** Clause: the model server's maximum context length, as the user sets it. */
    String maxModelLength();

    /**
     * What to do when an object of the manifests already belongs to kiq release {@code owner} in {@code namespace}
     * and this deploy is release {@code release}: update that release, run a copy elsewhere, or remove it first.
     */
    String otherRelease(String owner, String release, String namespace);

    /** Sentence: the manifests put objects in {@code declared} but the deploy was asked for {@code asked}. */
    String namespaceMismatch(String declared, String asked);

    /** Sentence: the manifests use several namespaces and no namespace was asked for. */
    String severalNamespaces(List<String> declared);

    /** Clause: what to do about a kubeconfig file that cannot be read as one. */
    String fixKubeconfig();
}
