package dev.kiq.corpus;

import dev.kiq.catalog.ModelArchitecture;

import java.util.List;
import java.util.Optional;

/**
 * One published measurement: a model on an accelerator with a server configuration under a
 * workload, and the figures the source printed or plotted for it.
 *
 * @param source      the source it comes from
 * @param id          unique within its source
 * @param line        1-based line of the point in its file
 * @param model       the model's architecture (from the catalog, or from the config.json fields the file gives)
 * @param accelerator a catalog accelerator id
 * @param count       accelerators of one replica (tensor × pipeline parallel size)
 * @param server      server, version, engine and non-default arguments
 * @param workload    the load applied
 * @param figures     at least one figure
 * @param reading     whether the figures were printed as numbers or read off a plot
 * @param where       where in the source the figures are (table, comment, figure caption)
 * @param note        anything else a reader needs, if any
 * @param hold        the calibration holds the point's figures as a constraint (within ±4%, weighing 20 ordinary
 *                    figures: FactorFit) rather than weighing them as ordinary figures; only on a published knee
 *                    (issue 10 asks it of the seed's two DeepSeek knees)
 */
public record PublishedPoint(
        CorpusSource source,
        String id,
        int line,
        ModelArchitecture model,
        String accelerator,
        int count,
        ServerRun server,
        PublishedWorkload workload,
        List<Figure> figures,
        Reading reading,
        String where,
        Optional<String> note,
        boolean hold) {

    public PublishedPoint {
        figures = List.copyOf(figures);
    }

    /** A point the calibration weighs as ordinary figures (not held). */
    public PublishedPoint(CorpusSource source, String id, int line, ModelArchitecture model, String accelerator, int count,
                          ServerRun server, PublishedWorkload workload, List<Figure> figures, Reading reading, String where,
                          Optional<String> note) {
        this(source, id, line, model, accelerator, count, server, workload, figures, reading, where, note, false);
    }

    /** How a figure was taken from its source. */
    public enum Reading {
        /** The source prints the number (a table, a benchmark's output). */
        PRINTED,
        /** Read off a plot; expect the reading error of the plot's scale. */
        FIGURE
    }

    /** The figure for a metric and statistic, if the source gives it. */
    public Optional<Double> figure(Figure.Metric metric, Figure.Statistic statistic) {
        return figures.stream().filter(f -> f.metric() == metric && f.statistic() == statistic).map(Figure::value).findFirst();
    }

    /** All figures for a metric, whatever their statistic. */
    public List<Figure> figures(Figure.Metric metric) {
        return figures.stream().filter(f -> f.metric() == metric).toList();
    }

    /** {@code source-id/point-id}, unique in the corpus. */
    public String qualifiedId() {
        return source.id() + "/" + id;
    }
}
