package dev.kiq.deploy;

import java.util.List;

/**
 * A wording that names each remedy by its method, so that core tests check which remedy the core chose without
 * depending on how a front end phrases it (the CLI's and the wizard's tests check their phrasing).
 */
public final class TestWording implements Wording {

    public static final Wording INSTANCE = new TestWording();

    private TestWording() {
    }

    @Override
    public String createOrChooseNamespace() {
        return "<createOrChooseNamespace>";
    }

    @Override
    public String applyForReal() {
        return "<applyForReal>";
    }

    @Override
    public String takeOverFields() {
        return "<takeOverFields>";
    }

    @Override
    public String tryAgain() {
        return "<tryAgain>";
    }

    @Override
    public String giveHfToken() {
        return "<giveHfToken>";
    }

    @Override
    public String waitLonger(String namespace) {
        return "<waitLonger " + namespace + ">";
    }

    @Override
    public String followRollout(String namespace) {
        return "<followRollout " + namespace + ">";
    }

    @Override
    public String releaseFollowUp(String namespace, String release) {
        return "<releaseFollowUp " + namespace + " " + release + ">";
    }

    @Override
    public String regenerateManifests() {
        return "<regenerateManifests>";
    }

    @Override
    public String maxModelLength() {
        return "<maxModelLength>";
    }

    @Override
    public String otherRelease(String owner, String release, String namespace) {
        return "<otherRelease " + owner + " " + release + " " + namespace + ">";
    }

    @Override
    public String namespaceMismatch(String declared, String asked) {
        return "<namespaceMismatch " + declared + " " + asked + ">";
    }

    @Override
    public String severalNamespaces(List<String> declared) {
        return "<severalNamespaces " + String.join(",", declared) + ">";
    }

    @Override
    public String fixKubeconfig() {
        return "<fixKubeconfig>";
    }
}
