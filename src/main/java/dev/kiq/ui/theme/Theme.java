package dev.kiq.ui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.awt.Color;
import javafx.application.Application;

/**
 * The two AtlantaFX themes and the chart colours that go with each. JFreeChart draws with AWT and
 * ignores CSS, so the chart's colours are set here in code; the series colours are chosen to read on
 * both backgrounds.
 */
public enum Theme {
    LIGHT(new Color(0xffffff), new Color(0x24292f), new Color(0xd0d7de), new Color(0x1a7f37), new Color(0xcf222e),
            new Color(0x0969da), new Color(0x8250df)),
    DARK(new Color(0x0d1117), new Color(0xc9d1d9), new Color(0x30363d), new Color(0x3fb950), new Color(0xf85149),
            new Color(0x58a6ff), new Color(0xd2a8ff));

    private final Color background;
    private final Color foreground;
    private final Color grid;
    private final Color preKnee;
    private final Color postKnee;
    private final Color ideal;
    private final Color target;

    Theme(Color background, Color foreground, Color grid, Color preKnee, Color postKnee, Color ideal, Color target) {
        this.background = background;
        this.foreground = foreground;
        this.grid = grid;
        this.preKnee = preKnee;
        this.postKnee = postKnee;
        this.ideal = ideal;
        this.target = target;
    }

    /** Installs the theme's stylesheet for the whole application (call on the FX thread). */
    public void apply() {
        Application.setUserAgentStylesheet(this == LIGHT ? new PrimerLight().getUserAgentStylesheet()
                : new PrimerDark().getUserAgentStylesheet());
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    public Color background() {
        return background;
    }

    public Color foreground() {
        return foreground;
    }

    public Color grid() {
        return grid;
    }

    public Color preKnee() {
        return preKnee;
    }

    public Color postKnee() {
        return postKnee;
    }

    public Color ideal() {
        return ideal;
    }

    public Color target() {
        return target;
    }

    /** Translucent fill of the ideal region. */
    public Color idealFill() {
        return new Color(ideal.getRed(), ideal.getGreen(), ideal.getBlue(), this == LIGHT ? 40 : 60);
    }

    /** Colours of overlaid accelerators, distinct from green/red/blue and from the target line's purple. */
    public Color overlay(int i) {
        Color[] light = {new Color(0x9a6700), new Color(0x1b7c83), new Color(0x57606a), new Color(0xbf3989),
            new Color(0x953800)};
        Color[] dark = {new Color(0xd29922), new Color(0x39c5cf), new Color(0x8b949e), new Color(0xf778ba),
            new Color(0xdb6d28)};
        Color[] palette = this == LIGHT ? light : dark;
        return palette[i % palette.length];
    }
}
