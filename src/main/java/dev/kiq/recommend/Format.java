package dev.kiq.recommend;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers in user messages: short, locale-independent, no trailing zeros. */
final class Format {

    private Format() {
    }

    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.3f", value)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /**
     * A measured or derived figure, rounded to what it can mean: whole numbers from 100 up ({@code 289}, not
     * {@code 289.01}), three significant digits below ({@code 42.3}, {@code 1.68}, {@code 0.56}). Not for numbers the
     * user typed, which {@link #number} echoes as given.
     */
    static String figure(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal d = Math.abs(value) >= 100 ? BigDecimal.valueOf(Math.round(value))
                : new BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
