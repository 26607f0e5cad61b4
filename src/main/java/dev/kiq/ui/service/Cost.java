package dev.kiq.ui.service;

/** USD per million tokens at one point of a profile, under one pricing model (SPEC §2). */
public record Cost(double perMillionInputTokens, double perMillionOutputTokens) {
}
