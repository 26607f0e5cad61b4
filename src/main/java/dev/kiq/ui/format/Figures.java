package dev.kiq.ui.format;

import java.util.Locale;

/**
 * The one way the wizard writes numbers, on every page, in tooltips, summaries and exports: thousands
 * grouped with commas, decimals by unit (latency: one decimal below 100 ms, none above; throughput: none;
 * request rates: two; dollars per million tokens: three).
 */
public final class Figures {

    private Figures() {
    }

    /** A latency without its unit, for a column headed "ms": {@code 38.5}, {@code 1,234}. */
    public static String msNumber(double milliseconds) {
        return String.format(Locale.ROOT, milliseconds >= 100 ? "%,.0f" : "%.1f", milliseconds);
    }

    /** A latency with its unit: {@code 38.5 ms}, {@code 1,234 ms}. */
    public static String ms(double milliseconds) {
        return msNumber(milliseconds) + " ms";
    }

    /** Tokens per second (or any count per second): {@code 6,912}. */
    public static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A request rate: {@code 12.35}. */
    public static String qps(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    /** Dollars without the sign, for a column headed "$": {@code 0.123}. */
    public static String dollarsNumber(double value) {
        return String.format(Locale.ROOT, "%,.3f", value);
    }

    /** Dollars: {@code $0.123}. */
    public static String dollars(double value) {
        return "$" + dollarsNumber(value);
    }

    /** A fraction as a percentage: {@code 87%}. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** Small counts such as queue or batch size: {@code 3.5}. */
    public static String count(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }
}
