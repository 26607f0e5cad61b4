package dev.kiq.ui.performance;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.batik.svggen.SVGGraphics2D;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Draws onto Apache Batik's SVG generator and returns the SVG document as UTF-8 bytes. The DOM document comes from
 * the JDK's XML parser, so only batik-svggen is needed (not Batik's DOM, CSS or renderer).
 */
final class SvgExport {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private SvgExport() {
    }

    static byte[] render(int width, int height, Consumer<Graphics2D> draw) {
        Document document;
        try {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVG_NS, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is not available", e);
        }
        SVGGraphics2D g = new SVGGraphics2D(document);
        g.setSVGCanvasSize(new Dimension(width, height));
        try {
            draw.accept(g);
            Element root = g.getRoot();
            root.setAttribute("viewBox", "0 0 " + width + " " + height);
            document.replaceChild(root, document.getDocumentElement());
            // the JDK's serializer rather than Batik's stream(): that one adds the SVG 1.0 DOCTYPE, whose DTD an
            // XML parser then tries to download (SVG 2 has no DOCTYPE)
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.STANDALONE, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("could not write the SVG document", e);
        } finally {
            g.dispose();
        }
    }
}
