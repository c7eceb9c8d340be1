package io.zhongtai.pipeline.store;

import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.pipeline.lineage.LineageEdge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Lineage edges per pipeline version in the metadata store. Questions are answered over the current version of
 * every pipeline, walking edges upstream or downstream from a table or a column.
 */
public final class LineageStore {
    private static final String CURRENT = "SELECT e.pipeline, e.node, e.source_table, e.source_column, e.target_table, e.target_column, e.kind "
            + "FROM zt_lineage_edge e JOIN zt_pipeline p ON p.name = e.pipeline AND p.current_version = e.version ";

    private final MetadataStore store;

    public LineageStore(MetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** Stores the edges of a pipeline version (replacing any stored for it). */
    public void save(String pipeline, int version, List<LineageEdge> edges) {
        store.inTransaction(c -> {
            MetadataStore.update(c, "DELETE FROM zt_lineage_edge WHERE pipeline = ? AND version = ?", pipeline, version);
            for (LineageEdge e : edges) {
                MetadataStore.update(c, "INSERT INTO zt_lineage_edge (pipeline, version, node, source_table, source_column, target_table, "
                                + "target_column, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", pipeline, version, e.node(), e.sourceTable(),
                        e.sourceColumn(), e.targetTable(), e.targetColumn(), e.kind());
            }
            return null;
        });
    }

    /**
     * Edges reachable from {@code table} (and {@code column}, or the whole table when null) walking {@code upstream}
     * or downstream, at most {@code depth} hops. From a column, column edges are followed; table-level edges are
     * followed from tables.
     */
    public List<LineageEdge> walk(String table, String column, boolean upstream, int depth) {
        List<LineageEdge> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String[]> frontier = new ArrayDeque<>();
        frontier.add(new String[]{table, column == null ? "" : column, "0"});
        while (!frontier.isEmpty()) {
            String[] at = frontier.poll();
            int hops = Integer.parseInt(at[2]);
            if (hops >= depth || !seen.add(at[0] + "." + at[1])) {
                continue;
            }
            for (LineageEdge e : edgesAt(at[0], at[1], upstream)) {
                if (!out.contains(e)) {
                    out.add(e);
                }
                String nextTable = upstream ? e.sourceTable() : e.targetTable();
                String nextColumn = upstream ? e.sourceColumn() : e.targetColumn();
                frontier.add(new String[]{nextTable, at[1].isEmpty() ? "" : nextColumn, String.valueOf(hops + 1)});
            }
        }
        return out;
    }

    private List<LineageEdge> edgesAt(String table, String column, boolean upstream) {
        String side = upstream ? "target" : "source";
        if (column.isEmpty()) {
            return store.query(CURRENT + "WHERE e." + side + "_table = ? AND e.kind = 'table' ORDER BY e.pipeline, e.node", LineageStore::edge, table);
        }
        // Downstream of a column: where its values go (direct) and what it filters (indirect, recorded per table).
        return store.query(CURRENT + "WHERE e." + side + "_table = ? AND e." + side + "_column = ? AND e.kind <> 'table' "
                + "ORDER BY e.pipeline, e.node, e.target_column", LineageStore::edge, table, column);
    }

    private static LineageEdge edge(java.sql.ResultSet row) throws java.sql.SQLException {
        return new LineageEdge(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                row.getString(7));
    }
}
