package dev.kiq.calibration;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import java.util.Locale;

/**
 * A developer's tool, not a test: the quick-check cross-validation ({@code kiq calibrate --corpus --reduced N})
 * figure by figure, so that a change's effect on each source can be read.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.CrossValidationReport 5}
 */
public final class CrossValidationReport {

    private CrossValidationReport() {
    }

    public static void main(String[] args) {
        int perSource = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        CorpusCalibration cal = CorpusCalibration.of(PublishedCorpus.bundled().quickCheck(perSource), Catalog.bundled());
        CorpusCalibration.CrossValidation cv = cal.crossValidate(s -> { });
        for (CorpusCalibration.CrossValidation.Error e : cv.errors()) {
            System.out.printf(Locale.ROOT, "%-50s %-8s %-10s %+7.1f%%%n", e.id(), e.family().key(), e.group().label(),
                    100 * (Math.exp(e.logError()) - 1));
        }
        System.out.printf(Locale.ROOT, "overall %.1f%%%n", 100 * cv.median(null, null));
    }
}
