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
        Optional<String> note) {

    public PublishedPoint {
        figures = List.copyOf(figures);
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
