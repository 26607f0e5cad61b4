package dev.kiq.ui.service;

/** Why edited manifests are not valid, and where: line is 1-based. */
public record YamlProblem(int line, String message) {
}
