package io.zhongtai.core.console;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.metadata.MetadataStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Dashboards in the metadata store ({@code zt_dashboard}); their cells reference saved queries by id. */
public final class Dashboards {
    public static final int MIN_REFRESH_SECONDS = 5;
    public static final int MAX_REFRESH_SECONDS = 86_400;
    public static final int MAX_CELLS = 100;
    /** Grid coordinates and sizes are small numbers; this bounds nonsense like a cell a million rows down. */
    public static final int MAX_GRID = 1000;
    private static final String TABLE = "zt_dashboard";
    private static final String COLUMNS = "id, name, layout, refresh_seconds, owner, created_at, updated_at";
    private static final TypeReference<List<Dashboard.Cell>> LAYOUT = new TypeReference<>() { };

    private final MetadataStore store;
    private final Clock clock;

    public Dashboards(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Every dashboard, by name, with its plain layout. */
    public List<Dashboard> list() {
        return store.query("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY name, owner", Dashboards::map);
    }

    public Dashboard get(String id) {
        return store.withConnection(c -> find(c, id)).orElseThrow(() -> notFound(id));
    }

    /** The dashboard with each cell's saved query (name, SQL, namespace, chart) embedded. */
    public Dashboard.View view(String id) {
        return store.withConnection(c -> {
            Dashboard d = find(c, id).orElseThrow(() -> notFound(id));
            Set<String> ids = new LinkedHashSet<>();
            d.layout().forEach(cell -> ids.add(cell.query()));
            Map<String, SavedQuery> queries = SavedQueries.byIds(c, ids);
            List<Dashboard.PlacedQuery> placed = new ArrayList<>();
            for (Dashboard.Cell cell : d.layout()) {
                SavedQuery q = queries.get(cell.query());
                if (q == null) {
                    throw SavedQueries.notFound(cell.query());
                }
                placed.add(new Dashboard.PlacedQuery(q.id(), cell.x(), cell.y(), cell.w(), cell.h(), q.name(), q.sql(), q.namespace(), q.chart()));
            }
            return new Dashboard.View(d.id(), d.name(), placed, d.refreshSeconds(), d.owner(), d.createdAt(), d.updatedAt());
        });
    }

    public Dashboard create(Identity owner, Dashboard.Draft draft) {
        requireNonNull(owner, "owner is null");
        Dashboard.Draft d = validated(draft);
        Instant now = Instant.ofEpochMilli(clock.millis());
        Dashboard created = new Dashboard(UUID.randomUUID().toString(), d.name(), d.layout(), d.refreshSeconds(), owner.principal(), now, now);
        store.inTransaction(c -> {
            ConsoleRows.checkNameFree(c, TABLE, created.owner(), created.name(), null, "dashboard");
            checkQueriesExist(c, created.layout());
            return MetadataStore.update(c, "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", created.id(),
                    created.name(), ConsoleRows.toJson(created.layout()), created.refreshSeconds(), created.owner(), now.toEpochMilli(),
                    now.toEpochMilli());
        });
        return created;
    }

    /** Replaces the dashboard's name, layout and refresh; only its owner may. */
    public Dashboard update(Identity caller, String id, Dashboard.Draft draft) {
        requireNonNull(caller, "caller is null");
        Dashboard.Draft d = validated(draft);
        Instant now = Instant.ofEpochMilli(clock.millis());
        return store.inTransaction(c -> {
            Dashboard old = find(c, id).orElseThrow(() -> notFound(id));
            ConsoleRows.checkOwner(old.owner(), caller, "change", "dashboard", old.name());
            ConsoleRows.checkNameFree(c, TABLE, old.owner(), d.name(), id, "dashboard");
            checkQueriesExist(c, d.layout());
            MetadataStore.update(c, "UPDATE " + TABLE + " SET name = ?, layout = ?, refresh_seconds = ?, updated_at = ? WHERE id = ?",
                    d.name(), ConsoleRows.toJson(d.layout()), d.refreshSeconds(), now.toEpochMilli(), id);
            return new Dashboard(id, d.name(), d.layout(), d.refreshSeconds(), old.owner(), old.createdAt(), now);
        });
    }

    public void delete(Identity caller, String id) {
        requireNonNull(caller, "caller is null");
        store.inTransaction(c -> {
            Dashboard old = find(c, id).orElseThrow(() -> notFound(id));
            ConsoleRows.checkOwner(old.owner(), caller, "delete", "dashboard", old.name());
            return MetadataStore.update(c, "DELETE FROM " + TABLE + " WHERE id = ?", id);
        });
    }

    /** Names of the dashboards with a cell showing saved query {@code queryId}. */
    static List<String> showing(Connection c, String queryId) throws SQLException {
        // LIKE narrows the rows to parse; the parse decides (an id inside another field would not count).
        List<Dashboard> candidates = MetadataStore.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE layout LIKE ? ORDER BY name",
                Dashboards::map, "%" + queryId + "%");
        return candidates.stream().filter(d -> d.layout().stream().anyMatch(cell -> cell.query().equals(queryId)))
                .map(Dashboard::name).toList();
    }

    private static void checkQueriesExist(Connection c, List<Dashboard.Cell> layout) throws SQLException {
        Map<String, SavedQuery> found = SavedQueries.byIds(c, layout.stream().map(Dashboard.Cell::query).distinct().toList());
        for (int i = 0; i < layout.size(); i++) {
            if (!found.containsKey(layout.get(i).query())) {
                throw ZhongtaiException.invalid("Invalid value for 'layout[%d].query': saved query %s does not exist", i, layout.get(i).query());
            }
        }
    }

    private static Dashboard.Draft validated(Dashboard.Draft draft) {
        requireNonNull(draft, "draft is null");
        String name = ConsoleRows.name(draft.name());
        int refresh = draft.refreshSeconds() == null ? 0 : draft.refreshSeconds();
        if (refresh != 0 && (refresh < MIN_REFRESH_SECONDS || refresh > MAX_REFRESH_SECONDS)) {
            throw ZhongtaiException.invalid("Invalid value for 'refreshSeconds': %d, expected 0 (off) or %d to %d",
                    refresh, MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS);
        }
        List<Dashboard.Cell> layout = draft.layout() == null ? List.of() : draft.layout();
        if (layout.size() > MAX_CELLS) {
            throw ZhongtaiException.invalid("Invalid value for 'layout': %d cells, at most %d allowed", layout.size(), MAX_CELLS);
        }
        for (int i = 0; i < layout.size(); i++) {
            Dashboard.Cell cell = layout.get(i);
            if (cell == null) {
                throw ZhongtaiException.invalid("Invalid value for 'layout[%d]': expected a cell {query, x, y, w, h}", i);
            }
            if (cell.query() == null || cell.query().isBlank()) {
                throw ZhongtaiException.invalid("Missing required field 'layout[%d].query'", i);
            }
            checkGrid(cell.x(), 0, i, "x");
            checkGrid(cell.y(), 0, i, "y");
            checkGrid(cell.w(), 1, i, "w");
            checkGrid(cell.h(), 1, i, "h");
        }
        return new Dashboard.Draft(name, List.copyOf(layout), refresh);
    }

    private static void checkGrid(Integer value, int min, int cell, String field) {
        if (value == null) {
            throw ZhongtaiException.invalid("Missing required field 'layout[%d].%s'", cell, field);
        }
        if (value < min || value > MAX_GRID) {
            throw ZhongtaiException.invalid("Invalid value for 'layout[%d].%s': %d, expected %d to %d", cell, field, value, min, MAX_GRID);
        }
    }

    private static Optional<Dashboard> find(Connection c, String id) throws SQLException {
        return MetadataStore.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?", Dashboards::map, id).stream().findFirst();
    }

    private static Dashboard map(ResultSet row) throws SQLException {
        return new Dashboard(row.getString("id"), row.getString("name"), ConsoleRows.fromJson(row.getString("layout"), LAYOUT, "layout"),
                row.getInt("refresh_seconds"), row.getString("owner"), Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")));
    }

    private static ZhongtaiException notFound(String id) {
        return ZhongtaiException.notFound("Dashboard does not exist: %s", id);
    }
}
