package dev.kiq.ui.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgExportTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    @Test
    void aChartDrawnOntoItIsAWellFormedSvgDocumentWithItsTextAndSize() throws Exception {
        XYSeries series = new XYSeries("vLLM on nvidia-l4");
        series.add(1.0, 20.0);
        series.add(2.0, 25.0);
        series.add(4.0, 60.0);
        JFreeChart chart = ChartFactory.createXYLineChart("Latency vs throughput — µs ≤ 5", "QPS", "NTPOT p50 (ms)",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);

        byte[] bytes = SvgExport.render(640, 400, g -> chart.draw(g, new Rectangle2D.Double(0, 0, 640, 400)));

        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo(SVG_NS);
        assertThat(root.getAttribute("width")).isEqualTo("640");
        assertThat(root.getAttribute("height")).isEqualTo("400");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 640 400");
        // the title (non-ASCII kept), the x axis label, tick labels and the legend are text a reader can select
        List<String> texts = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS(SVG_NS, "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertThat(texts).contains("Latency vs throughput — µs ≤ 5", "QPS", "vLLM on nvidia-l4", "1.0", "4.0");
        // JFreeChart draws the vertical axis label through a TextLayout, which any Graphics2D receives as glyph
        // outlines: a group turned by -90° holding them
        assertThat(text).containsPattern("transform=\"matrix\\(0,-1,1,0,[^\"]*\"><path ");
        // the curve and the axes are drawn as shapes
        assertThat(doc.getElementsByTagNameNS(SVG_NS, "path").getLength()
                + doc.getElementsByTagNameNS(SVG_NS, "line").getLength()
                + doc.getElementsByTagNameNS(SVG_NS, "polyline").getLength()).isGreaterThan(3);
    }

    @Test
    void aColourDrawnIsWrittenAsThatColour() throws Exception {
        byte[] bytes = SvgExport.render(10, 10, g -> {
            g.setColor(new Color(0x12, 0x34, 0x56));
            g.fillRect(1, 2, 3, 4);
        });
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("rgb(18,52,86)").contains("width=\"3\"").contains("height=\"4\"");
    }
}
