package io.zhongtai.core.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.metadata.MetadataStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sync runs and per-table sync state in the metadata store, for `sync status` and the console. */
public final class SyncHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetadataStore store;
    private final Clock clock;

    public SyncHistory(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The state of one synced source table. */
    public record TableState(String source, String sourceTable, String targetTable, String mode, String position,
                             Long snapshotId, long rowsSynced, Instant syncedAt) {
    }

    String startRun(String source, SyncMode mode, String startedBy) {
        String id = UUID.randomUUID().toString();
        store.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO zt_sync_run "
                    + "(id, source, mode, status, started_at, rows_read, started_by) VALUES (?, ?, ?, 'running', ?, 0, ?)")) {
                insert.setString(1, id);
                insert.setString(2, source);
                insert.setString(3, mode.label());
                insert.setLong(4, clock.millis());
                insert.setString(5, startedBy);
                return insert.executeUpdate();
            }
        });
        return id;
    }

    void finishRun(SyncResult result) {
        String tables;
        try {
            tables = JSON.writeValueAsString(result.tables());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String error = result.tables().stream().filter(t -> t.error() != null).map(t -> t.sourceTable() + ": " + t.error())
                .reduce((a, b) -> a + "; " + b).orElse(null);
        store.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE zt_sync_run SET status = ?, finished_at = ?, "
                    + "rows_read = ?, tables = ?, error = ? WHERE id = ?")) {
                update.setString(1, result.status());
                update.setLong(2, clock.millis());
                update.setLong(3, result.rows());
                update.setString(4, tables);
                update.setString(5, error);
                update.setString(6, result.runId());
                return update.executeUpdate();
            }
        });
    }

    void recordCommit(String source, String sourceTable, String targetTable, SyncMode mode, String position, Long snapshotId,
                      long rows) {
        store.inTransaction(connection -> {
            long previous = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT rows_synced FROM zt_sync_state WHERE source = ? AND source_table = ?")) {
                select.setString(1, source);
                select.setString(2, sourceTable);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM zt_sync_state WHERE source = ? AND source_table = ?")) {
                delete.setString(1, source);
                delete.setString(2, sourceTable);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO zt_sync_state (source, source_table, target_table, "
                    + "mode, position, snapshot_id, rows_synced, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, source);
                insert.setString(2, sourceTable);
                insert.setString(3, targetTable);
                insert.setString(4, mode.label());
                insert.setString(5, position);
                if (snapshotId == null) {
                    insert.setNull(6, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(6, snapshotId);
                }
                insert.setLong(7, mode == SyncMode.FULL ? rows : previous + rows);
                insert.setLong(8, clock.millis());
                return insert.executeUpdate();
            }
        });
    }

    public List<TableState> states(String source) {
        return store.withConnection(connection -> {
            List<TableState> out = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM zt_sync_state WHERE source = ? ORDER BY source_table")) {
                select.setString(1, source);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long snapshot = rs.getLong("snapshot_id");
                        Long snapshotId = rs.wasNull() ? null : snapshot; // before the next getter resets wasNull()
                        out.add(new TableState(rs.getString("source"), rs.getString("source_table"), rs.getString("target_table"),
                                rs.getString("mode"), rs.getString("position"), snapshotId,
                                rs.getLong("rows_synced"), Instant.ofEpochMilli(rs.getLong("synced_at"))));
                    }
                }
            }
            return out;
        });
    }
}
