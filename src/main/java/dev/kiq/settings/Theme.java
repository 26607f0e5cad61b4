package dev.kiq.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The wizard's colour theme. */
public enum Theme {
    @JsonProperty("light") LIGHT,
    @JsonProperty("dark") DARK
}
