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

    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
