package io.zhongtai.core.console;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.core.sql.SqlLexer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Saved queries in the metadata store ({@code zt_saved_query}). */
public final class SavedQueries {
    private static final String TABLE = "zt_saved_query";
    private static final String COLUMNS = "id, name, sql_text, namespace, chart, owner, created_at, updated_at";
    private static final int MAX_SQL_CHARS = 100_000;

    private final MetadataStore store;
    private final Clock clock;

    public SavedQueries(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Every saved query, by name. */
    public List<SavedQuery> list() {
        return store.query("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY name, owner", SavedQueries::map);
    }

    public SavedQuery get(String id) {
        return store.withConnection(c -> find(c, id)).orElseThrow(() -> notFound(id));
    }

    public SavedQuery create(Identity owner, SavedQuery.Draft draft) {
        requireNonNull(owner, "owner is null");
        SavedQuery.Draft d = validated(draft);
        Instant now = Instant.ofEpochMilli(clock.millis());
        SavedQuery saved = new SavedQuery(UUID.randomUUID().toString(), d.name(), d.sql(), d.namespace(), d.chart(), owner.principal(), now, now);
        store.inTransaction(c -> {
            ConsoleRows.checkNameFree(c, TABLE, saved.owner(), saved.name(), null, "query");
            return MetadataStore.update(c, "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", saved.id(),
                    saved.name(), saved.sql(), saved.namespace(), chartJson(saved.chart()), saved.owner(), now.toEpochMilli(), now.toEpochMilli());
        });
        return saved;
    }

    /** Replaces the query's name, SQL, namespace and chart; only its owner may. */
    public SavedQuery update(Identity caller, String id, SavedQuery.Draft draft) {
        requireNonNull(caller, "caller is null");
        SavedQuery.Draft d = validated(draft);
        Instant now = Instant.ofEpochMilli(clock.millis());
        return store.inTransaction(c -> {
            SavedQuery old = find(c, id).orElseThrow(() -> notFound(id));
            ConsoleRows.checkOwner(old.owner(), caller, "change", "saved query", old.name());
            ConsoleRows.checkNameFree(c, TABLE, old.owner(), d.name(), id, "query");
            MetadataStore.update(c, "UPDATE " + TABLE + " SET name = ?, sql_text = ?, namespace = ?, chart = ?, updated_at = ? WHERE id = ?",
                    d.name(), d.sql(), d.namespace(), chartJson(d.chart()), now.toEpochMilli(), id);
            return new SavedQuery(id, d.name(), d.sql(), d.namespace(), d.chart(), old.owner(), old.createdAt(), now);
        });
    }

    /** Deletes the query; only its owner may, and not while a dashboard shows it. */
    public void delete(Identity caller, String id) {
        requireNonNull(caller, "caller is null");
        store.inTransaction(c -> {
            SavedQuery old = find(c, id).orElseThrow(() -> notFound(id));
            ConsoleRows.checkOwner(old.owner(), caller, "delete", "saved query", old.name());
            List<String> dashboards = Dashboards.showing(c, id);
            if (!dashboards.isEmpty()) {
                throw ZhongtaiException.conflict("Cannot delete saved query '%s': dashboard(s) %s show it; remove it from their layout first",
                        old.name(), dashboards.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")));
            }
            return MetadataStore.update(c, "DELETE FROM " + TABLE + " WHERE id = ?", id);
        });
    }

    /** The saved queries with these ids that exist, by id. */
    static Map<String, SavedQuery> byIds(Connection c, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String marks = ids.stream().map(i -> "?").collect(Collectors.joining(", "));
        Map<String, SavedQuery> out = new LinkedHashMap<>();
        for (SavedQuery q : MetadataStore.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id IN (" + marks + ")",
                SavedQueries::map, ids.toArray())) {
            out.put(q.id(), q);
        }
        return out;
    }

    private static Optional<SavedQuery> find(Connection c, String id) throws SQLException {
        return MetadataStore.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?", SavedQueries::map, id).stream().findFirst();
    }

    private static SavedQuery.Draft validated(SavedQuery.Draft draft) {
        requireNonNull(draft, "draft is null");
        String name = ConsoleRows.name(draft.name());
        String sql = draft.sql();
        if (sql == null || sql.isBlank()) {
            throw ZhongtaiException.invalid("Missing required field 'sql'");
        }
        if (sql.length() > MAX_SQL_CHARS) {
            throw ZhongtaiException.invalid("Invalid value for 'sql': %d characters, at most %d allowed", sql.length(), MAX_SQL_CHARS);
        }
        int statements;
        try {
            statements = SqlLexer.split(sql).size();
        } catch (ZhongtaiException e) {
            throw ZhongtaiException.invalid("Invalid value for 'sql': %s", e.getMessage());
        }
        if (statements != 1) {
            throw ZhongtaiException.invalid("Invalid value for 'sql': expected one statement, found %d", statements);
        }
        String namespace = draft.namespace() == null || draft.namespace().isBlank() ? null
                : TableName.checkIdentifier(draft.namespace(), "namespace");
        Chart chart = draft.chart() == null ? null : draft.chart().validated();
        return new SavedQuery.Draft(name, sql, namespace, chart);
    }

    private static String chartJson(Chart chart) {
        return chart == null ? null : ConsoleRows.toJson(chart);
    }

    private static SavedQuery map(ResultSet row) throws SQLException {
        String chart = row.getString("chart");
        return new SavedQuery(row.getString("id"), row.getString("name"), row.getString("sql_text"), row.getString("namespace"),
                chart == null ? null : ConsoleRows.fromJson(chart, new TypeReference<Chart>() { }, "chart"), row.getString("owner"),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")));
    }

    static ZhongtaiException notFound(String id) {
        return ZhongtaiException.notFound("Saved query does not exist: %s", id);
    }
}
