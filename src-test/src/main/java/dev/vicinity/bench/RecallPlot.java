package dev.vicinity.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ann-benchmarks plot as a PNG (java.awt, headless): x = recall@k, y = queries per second on a log scale, one
 * colour per method. Every result is a dot; the line joins each method's Pareto frontier (the results no other result
 * of that method beats on both recall and speed), as ann-benchmarks draws it.
 */
final class RecallPlot {

    static final int WIDTH = 900;
    static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)
    };

    private RecallPlot() {}

    static final String ONE_THREAD = "queries per second (1 thread, log scale)";

    static void write(Path file, String title, int k, List<Result> results) throws IOException {
        List<String> series = results.stream().map(Result::method).distinct().toList();
        ImageIO.write(image(title, ONE_THREAD, k, results, series), "png", file.toFile());
    }

    /**
     * One plot as an image of {@value #WIDTH} x {@value #HEIGHT} pixels.
     *
     * @param yLabel the label of the queries/s axis
     * @param series every method that may appear, in the order that gives each its colour, so that a method keeps its
     *     colour in every plot drawn with the same list (a method without results here gets no legend entry)
     */
    static BufferedImage image(String title, String yLabel, int k, List<Result> results, List<String> series) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, title, yLabel, k, results, series);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, String title, String yLabel, int k, List<Result> results, List<String> series) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        List<Result> plotted = results.stream().filter(r -> Double.isFinite(r.recall()) && r.queriesPerSecond() > 0).toList();
        double minRecall = plotted.stream().mapToDouble(Result::recall).min().orElse(0);
        double xMin = Math.max(0, Math.floor(minRecall * 10 - 1e-9) / 10);
        if (xMin > 0.9) {
            xMin = 0.9;
        }
        double xMax = 1.0;
        double yLo = Math.floor(Math.log10(plotted.stream().mapToDouble(Result::queriesPerSecond).min().orElse(1)));
        double yHi = Math.ceil(Math.log10(plotted.stream().mapToDouble(Result::queriesPerSecond).max().orElse(10)));
        if (yHi <= yLo) {
            yHi = yLo + 1;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        final double x0 = xMin;
        final double ylo = yLo;
        final double yhi = yHi;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (x - x0) / (xMax - x0) * plotW;
        java.util.function.DoubleUnaryOperator py = y -> TOP + plotH - (Math.log10(y) - ylo) / (yhi - ylo) * plotH;

        // grid and axes
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 10; i++) {
            double x = xMin + (xMax - xMin) * i / 10;
            int sx = (int) Math.round(px.applyAsDouble(x));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(sx, TOP, sx, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String s = String.format(Locale.ROOT, "%.2f", x);
            g.drawString(s, sx - fm.stringWidth(s) / 2, TOP + plotH + 18);
        }
        for (int e = (int) yLo; e <= (int) yHi; e++) {
            for (int m = 1; m <= 9 && (e < yHi || m == 1); m++) {
                double y = m * Math.pow(10, e);
                int sy = (int) Math.round(py.applyAsDouble(y));
                g.setColor(m == 1 ? new Color(0xd0d0d0) : new Color(0xf0f0f0));
                g.drawLine(LEFT, sy, LEFT + plotW, sy);
                if (m == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String s = String.format(Locale.ROOT, "%,.0f", y);
                    g.drawString(s, LEFT - 8 - fm.stringWidth(s), sy + 4);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.setFont(label);
        FontMetrics lfm = g.getFontMetrics();
        String xLabel = "recall@" + k;
        g.drawString(xLabel, LEFT + plotW / 2 - lfm.stringWidth(xLabel) / 2, HEIGHT - 25);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2) - lfm.stringWidth(yLabel) / 2, 22);
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);

        // one series per method, in the order of the series list
        Map<String, List<Result>> byMethod = new LinkedHashMap<>();
        for (String method : series) {
            for (Result r : plotted) {
                if (r.method().equals(method)) {
                    byMethod.computeIfAbsent(method, m -> new ArrayList<>()).add(r);
                }
            }
        }
        int legendLine = 0;
        g.setFont(label);
        int legendY = TOP + plotH - 12 - 20 * (byMethod.size() - 1);
        for (Map.Entry<String, List<Result>> entry : byMethod.entrySet()) {
            Color color = PALETTE[series.indexOf(entry.getKey()) % PALETTE.length];
            g.setColor(color);
            for (Result r : entry.getValue()) {
                int sx = (int) Math.round(px.applyAsDouble(r.recall()));
                int sy = (int) Math.round(py.applyAsDouble(r.queriesPerSecond()));
                g.fillOval(sx - 4, sy - 4, 9, 9);
            }
            List<Result> frontier = paretoFrontier(entry.getValue());
            if (frontier.size() > 1) {
                Path2D line = new Path2D.Double();
                for (int i = 0; i < frontier.size(); i++) {
                    double sx = px.applyAsDouble(frontier.get(i).recall());
                    double sy = py.applyAsDouble(frontier.get(i).queriesPerSecond());
                    if (i == 0) {
                        line.moveTo(sx, sy);
                    } else {
                        line.lineTo(sx, sy);
                    }
                }
                g.setStroke(new BasicStroke(2f));
                g.draw(line);
            }
            int ly = legendY + 20 * legendLine;
            g.fillOval(LEFT + 14, ly - 9, 10, 10);
            g.drawLine(LEFT + 6, ly - 4, LEFT + 32, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), LEFT + 40, ly);
            legendLine++;
        }
    }

    /** The results not beaten by another on both recall and speed, by increasing recall. */
    static List<Result> paretoFrontier(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(Result::queriesPerSecond).reversed().thenComparing(Comparator.comparingDouble(Result::recall).reversed()));
        List<Result> frontier = new ArrayList<>();
        double bestRecall = Double.NEGATIVE_INFINITY;
        for (Result r : sorted) {
            if (r.recall() > bestRecall) {
                frontier.add(r);
                bestRecall = r.recall();
            }
        }
        return frontier;
    }
}
