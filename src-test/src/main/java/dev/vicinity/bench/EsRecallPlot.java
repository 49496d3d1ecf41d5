package dev.vicinity.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code recall-qps.png} of {@code --via es}: one {@link RecallPlot} panel per filter (rows) and client count (columns),
 * each system in the same colour in every panel.
 */
final class EsRecallPlot {

    private EsRecallPlot() {}

    static void write(Path file, String dataset, int k, List<EsResult> results, List<String> systems, List<String> filters,
                      List<Integer> clientCounts) throws IOException {
        BufferedImage grid = new BufferedImage(RecallPlot.WIDTH * clientCounts.size(), RecallPlot.HEIGHT * filters.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int row = 0; row < filters.size(); row++) {
                for (int column = 0; column < clientCounts.size(); column++) {
                    String filter = filters.get(row);
                    int clients = clientCounts.get(column);
                    List<Result> panel = results.stream().filter(r -> r.filter().equals(filter) && r.clients() == clients).map(EsRecallPlot::point).toList();
                    String title = String.format(Locale.ROOT, "%s, filter %s, %d client%s (k=%d)", dataset, filter, clients, clients == 1 ? "" : "s", k);
                    String yLabel = String.format(Locale.ROOT, "queries per second (%d client%s, log scale)", clients, clients == 1 ? "" : "s");
                    g.drawImage(RecallPlot.image(title, yLabel, k, panel, systems), column * RecallPlot.WIDTH, row * RecallPlot.HEIGHT, null);
                }
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(grid, "png", file.toFile());
    }

    /** The row as the plot reads it: a method (the system), its recall and queries/s. */
    private static Result point(EsResult r) {
        return new Result(r.system(), r.buildParams(), r.queryParams(), Double.NaN, r.index().storeBytes(), r.queriesPerSecond(), r.recall(),
            r.distanceRatio(), r.precision(), Double.NaN, r.p50Millis(), r.queries(), r.k());
    }
}
