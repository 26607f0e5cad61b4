package dev.kiq.profile;

/** Which model, served by which server at which version (gkerecommender v1 {@code modelServerInfo}). */
public record ModelServerInfo(String model, String modelServer, String modelServerVersion) {
}
