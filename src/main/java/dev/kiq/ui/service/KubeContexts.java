package dev.kiq.ui.service;

import java.util.List;

/** The contexts of the user's kubeconfig, the current one, and its namespace. */
public record KubeContexts(List<String> contexts, String current, String namespace) {

    public KubeContexts {
        contexts = List.copyOf(contexts);
    }
}
