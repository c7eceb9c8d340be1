package io.zhongtai.core.console;

import java.time.Instant;
import java.util.List;

/**
 * A grid of saved queries the console shows together, refreshed every {@code refreshSeconds} (0 = never). Every
 * caller may read it; only its {@code owner} may change or delete it.
 */
public record Dashboard(String id, String name, List<Cell> layout, int refreshSeconds, String owner, Instant createdAt,
                        Instant updatedAt) {
    /** A saved query placed on the grid: column {@code x}, row {@code y}, {@code w} columns wide and {@code h} rows high. */
    public record Cell(String query, Integer x, Integer y, Integer w, Integer h) {
    }

    /** The fields a caller writes; a null layout is empty, a null refresh is 0. */
    public record Draft(String name, List<Cell> layout, Integer refreshSeconds) {
    }

    /** A dashboard with each cell's saved query embedded, all the console needs to render it. */
    public record View(String id, String name, List<PlacedQuery> layout, int refreshSeconds, String owner, Instant createdAt,
                       Instant updatedAt) {
    }

    /** A cell and its saved query's name, SQL, namespace and chart. */
    public record PlacedQuery(String query, int x, int y, int w, int h, String name, String sql, String namespace, Chart chart) {
    }
}
