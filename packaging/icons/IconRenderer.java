import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The one source of kiq's icon. Its geometry (below, in a 512-unit square) is drawn by Java2D into every PNG
 * size and written out as {@code kiq.svg}; the PNGs are then packed into {@code kiq.ico} (Windows) and
 * {@code kiq.icns} (macOS), both with PNG payloads. The picture is kiq's chart: a latency-vs-throughput
 * curve that runs flat, then bends up at the knee, with the operating point marked just before the knee.
 *
 * <p>Regenerate (from the repository root; no build needed, output is byte-for-byte reproducible on one JDK):
 * <pre>java packaging/icons/IconRenderer.java icons</pre>
 */
public final class IconRenderer {

    static final int[] LINUX_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};

    // --- geometry, in units of a 512 x 512 canvas ---
    static final double TILE = 448, TILE_AT = 32, TILE_RADIUS = 96;
    static final Color TOP = new Color(0x3B7BF0), BOTTOM = new Color(0x1C4FBF); // Kubernetes blue, shaded
    static final Color CURVE = Color.WHITE, AXES = new Color(255, 255, 255, 110), POINT = new Color(0xFFB300);
    /** Curve: flat, then the knee, then steep; cubic segments as {x1,y1,x2,y2,x,y} after a move to START. */
    static final double[] START = {112, 352};
    static final double[][] CUBICS = {
            {200, 350, 270, 342, 318, 318},
            {360, 297, 382, 236, 396, 128},
    };
    static final double[] OPERATING_POINT = {318, 318};
    static final double[][] AXIS = {{104, 112}, {104, 400}, {416, 400}};

    /** Small icons drop the axes and thicken the strokes so the shape still reads at 16 px. */
    static boolean small(int size) {
        return size <= 32;
    }

    static double curveWidth(int size) {
        return small(size) ? 52 : 36;
    }

    static double pointRadius(int size) {
        return small(size) ? 54 : 40;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "icons");
        Files.createDirectories(out);
        Map<Integer, byte[]> png = new LinkedHashMap<>();
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256, 512, 1024}) {
            png.put(size, png(render(size)));
        }
        for (int size : LINUX_SIZES) {
            Files.write(out.resolve("kiq-" + size + ".png"), png.get(size));
        }
        Files.write(out.resolve("kiq.ico"), ico(png, ICO_SIZES));
        Files.write(out.resolve("kiq.icns"), icns(png));
        Files.writeString(out.resolve("kiq.svg"), svg(), StandardCharsets.UTF_8);
        System.out.println("wrote " + LINUX_SIZES.length + " PNGs, kiq.ico, kiq.icns and kiq.svg to " + out);
    }

    static BufferedImage render(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.transform(AffineTransform.getScaleInstance(size / 512.0, size / 512.0));

        g.setPaint(new GradientPaint(0, (float) TILE_AT, TOP, 0, (float) (TILE_AT + TILE), BOTTOM));
        g.fill(new RoundRectangle2D.Double(TILE_AT, TILE_AT, TILE, TILE, TILE_RADIUS * 2, TILE_RADIUS * 2));

        if (!small(size)) {
            Path2D axis = new Path2D.Double();
            axis.moveTo(AXIS[0][0], AXIS[0][1]);
            for (int i = 1; i < AXIS.length; i++) {
                axis.lineTo(AXIS[i][0], AXIS[i][1]);
            }
            g.setColor(AXES);
            g.setStroke(new BasicStroke(16, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(axis);
        }

        g.setColor(CURVE);
        g.setStroke(new BasicStroke((float) curveWidth(size), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(curve());

        double r = pointRadius(size);
        g.setColor(BOTTOM);
        g.fill(new Ellipse2D.Double(OPERATING_POINT[0] - r - 10, OPERATING_POINT[1] - r - 10, 2 * r + 20, 2 * r + 20));
        g.setColor(POINT);
        g.fill(new Ellipse2D.Double(OPERATING_POINT[0] - r, OPERATING_POINT[1] - r, 2 * r, 2 * r));
        g.dispose();
        return img;
    }

    static Path2D curve() {
        Path2D p = new Path2D.Double();
        p.moveTo(START[0], START[1]);
        for (double[] c : CUBICS) {
            p.curveTo(c[0], c[1], c[2], c[3], c[4], c[5]);
        }
        return p;
    }

    static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ICO: a 6-byte header, one 16-byte entry per image, then the PNG payloads (little-endian; Vista and later). */
    static byte[] ico(Map<Integer, byte[]> png, int[] sizes) {
        int total = 6 + 16 * sizes.length;
        for (int s : sizes) {
            total += png.get(s).length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        int offset = 6 + 16 * sizes.length;
        for (int s : sizes) {
            int len = png.get(s).length;
            b.put((byte) (s >= 256 ? 0 : s)).put((byte) (s >= 256 ? 0 : s)) // 0 means 256
                    .put((byte) 0).put((byte) 0)                          // no palette, reserved
                    .putShort((short) 1).putShort((short) 32)             // planes, bits per pixel
                    .putInt(len).putInt(offset);
            offset += len;
        }
        for (int s : sizes) {
            b.put(png.get(s));
        }
        return b.array();
    }

    /** ICNS: 'icns' + total length, then (OSType, length incl. 8-byte header, PNG) per entry; big-endian. */
    static byte[] icns(Map<Integer, byte[]> png) {
        List<Map.Entry<String, Integer>> entries = List.of(
                Map.entry("icp4", 16), Map.entry("icp5", 32), Map.entry("icp6", 64),
                Map.entry("ic07", 128), Map.entry("ic08", 256), Map.entry("ic09", 512), Map.entry("ic10", 1024),
                Map.entry("ic11", 32), Map.entry("ic12", 64), Map.entry("ic13", 256), Map.entry("ic14", 512));
        int total = 8;
        for (var e : entries) {
            total += 8 + png.get(e.getValue()).length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.put("icns".getBytes(StandardCharsets.US_ASCII)).putInt(total);
        for (var e : entries) {
            byte[] data = png.get(e.getValue());
            b.put(e.getKey().getBytes(StandardCharsets.US_ASCII)).putInt(8 + data.length).put(data);
        }
        return b.array();
    }

    /** The same geometry as SVG (large-size variant), for the hicolor "scalable" theme and for editing. */
    static String svg() {
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%s %s", n(START[0]), n(START[1])));
        for (double[] c : CUBICS) {
            d.append(String.format(Locale.ROOT, " C%s %s %s %s %s %s", n(c[0]), n(c[1]), n(c[2]), n(c[3]), n(c[4]), n(c[5])));
        }
        StringBuilder axis = new StringBuilder();
        for (int i = 0; i < AXIS.length; i++) {
            axis.append(i == 0 ? "M" : " L").append(n(AXIS[i][0])).append(' ').append(n(AXIS[i][1]));
        }
        double r = pointRadius(512);
        return String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<!-- Generated by packaging/icons/IconRenderer.java; edit the geometry there, not here. -->",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"512\" height=\"512\" viewBox=\"0 0 512 512\">",
                "  <defs>",
                "    <linearGradient id=\"tile\" x1=\"0\" y1=\"" + n(TILE_AT) + "\" x2=\"0\" y2=\"" + n(TILE_AT + TILE)
                        + "\" gradientUnits=\"userSpaceOnUse\">",
                "      <stop offset=\"0\" stop-color=\"" + hex(TOP) + "\"/>",
                "      <stop offset=\"1\" stop-color=\"" + hex(BOTTOM) + "\"/>",
                "    </linearGradient>",
                "  </defs>",
                "  <rect x=\"" + n(TILE_AT) + "\" y=\"" + n(TILE_AT) + "\" width=\"" + n(TILE) + "\" height=\"" + n(TILE)
                        + "\" rx=\"" + n(TILE_RADIUS) + "\" fill=\"url(#tile)\"/>",
                "  <path d=\"" + axis + "\" fill=\"none\" stroke=\"#ffffff\" stroke-opacity=\""
                        + String.format(Locale.ROOT, "%.3f", AXES.getAlpha() / 255.0)
                        + "\" stroke-width=\"16\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                "  <path d=\"" + d + "\" fill=\"none\" stroke=\"" + hex(CURVE) + "\" stroke-width=\"" + n(curveWidth(512))
                        + "\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                "  <circle cx=\"" + n(OPERATING_POINT[0]) + "\" cy=\"" + n(OPERATING_POINT[1]) + "\" r=\"" + n(r + 10)
                        + "\" fill=\"" + hex(BOTTOM) + "\"/>",
                "  <circle cx=\"" + n(OPERATING_POINT[0]) + "\" cy=\"" + n(OPERATING_POINT[1]) + "\" r=\"" + n(r)
                        + "\" fill=\"" + hex(POINT) + "\"/>",
                "</svg>",
                "");
    }

    static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
    }
}
