package io.zhongtai.pipeline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.metadata.MetadataException;
import io.zhongtai.core.metadata.MetadataStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Pipeline runs and their nodes in the metadata store. Several server processes may share the store: a run is
 * executed by whoever {@link #claim claims} it, and a scheduled tick is inserted at most once (a unique key).
 */
public final class RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_COLUMNS = "id, pipeline, version, bizdate, run_trigger, state, rerun_of, params, queued_at, "
            + "started_at, finished_at, error, owner, heartbeat_at, created_by";
    private static final String NODE_COLUMNS = "run_id, node, state, attempts, started_at, finished_at, rows_in, rows_out, "
            + "rows_rejected, bytes_written, error";

    private final MetadataStore store;
    private final Clock clock;

    public RunStore(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What started a run. */
    public enum Trigger { SCHEDULE, MANUAL, BACKFILL, RERUN }

    public record Run(String id, String pipeline, int version, LocalDate bizdate, String trigger, RunState state, String rerunOf,
                      Map<String, String> params, Instant queuedAt, Instant startedAt, Instant finishedAt, String error,
                      String owner, Instant heartbeatAt, String createdBy) {
    }

    public record NodeRun(String runId, String node, NodeState state, int attempts, Instant startedAt, Instant finishedAt,
                          Long rowsIn, Long rowsOut, Long rowsRejected, Long bytesWritten, String error) {
    }

    /** Row and byte counts of a finished node attempt; null where a kind of node has none. */
    public record NodeStats(Long rowsIn, Long rowsOut, Long rowsRejected, Long bytesWritten) {
        public static final NodeStats NONE = new NodeStats(null, null, null, null);
    }

    /**
     * Queues a run. With a {@code scheduleKey}, returns empty instead when a run with that key exists already
     * (another scheduler got there first).
     */
    public Optional<Run> queue(String id, String pipeline, int version, LocalDate bizdate, Trigger trigger, String scheduleKey,
                               String rerunOf, Map<String, String> params, String createdBy) {
        return queue(id, pipeline, version, bizdate, trigger, scheduleKey, rerunOf, params, createdBy, null);
    }

    /** As {@link #queue}; a {@code holder} will execute the run itself (see {@link #hold}). */
    public Optional<Run> queue(String id, String pipeline, int version, LocalDate bizdate, Trigger trigger, String scheduleKey,
                               String rerunOf, Map<String, String> params, String createdBy, String holder) {
        long now = clock.millis();
        try {
            store.update("INSERT INTO zt_pipeline_run (id, pipeline, version, bizdate, run_trigger, schedule_key, state, rerun_of, "
                            + "params, queued_at, created_by, owner, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)",
                    id, pipeline, version, bizdate.toString(), trigger.name().toLowerCase(java.util.Locale.ROOT), scheduleKey, rerunOf,
                    json(params), now, createdBy, holder, holder == null ? null : now);
        } catch (MetadataException e) {
            if (scheduleKey != null && !store.query("SELECT id FROM zt_pipeline_run WHERE schedule_key = ?", row -> row.getString(1),
                    scheduleKey).isEmpty()) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(run(id));
    }

    /** Takes a queued run for {@code owner}; false when another process took it (or it was cancelled) first. */
    public boolean claim(String runId, String owner) {
        long now = clock.millis();
        return store.update("UPDATE zt_pipeline_run SET state = 'running', owner = ?, started_at = ?, heartbeat_at = ? "
                + "WHERE id = ? AND state = 'queued'", owner, now, now, runId) == 1;
    }

    /**
     * Refreshes the heartbeat of the queued runs {@code owner} holds: runs queued with a holder, which executes them
     * itself (a backfill at its parallelism). While the heartbeat is fresh the scheduler leaves them to it.
     */
    public void heartbeatHeld(String owner) {
        store.update("UPDATE zt_pipeline_run SET heartbeat_at = ? WHERE owner = ? AND state = 'queued'", clock.millis(), owner);
    }

    public void heartbeat(String runId, String owner) {
        store.update("UPDATE zt_pipeline_run SET heartbeat_at = ? WHERE id = ? AND owner = ? AND state = 'running'",
                clock.millis(), runId, owner);
    }

    /** Ends a run; only a queued or running run changes. */
    public void finish(String runId, RunState state, String error) {
        store.update("UPDATE zt_pipeline_run SET state = ?, finished_at = ?, error = ? WHERE id = ? AND state IN ('queued', 'running')",
                state.label(), clock.millis(), error, runId);
    }

    /**
     * Fails runs whose owner stopped heartbeating before {@code staleBefore} (a crashed or killed server); returns
     * them, so that their nodes can be marked too.
     */
    public List<Run> failOrphans(Instant staleBefore) {
        List<Run> orphans = store.query("SELECT " + RUN_COLUMNS + " FROM zt_pipeline_run WHERE state = 'running' AND heartbeat_at < ?",
                RunStore::run, staleBefore.toEpochMilli());
        for (Run r : orphans) {
            store.update("UPDATE zt_pipeline_run SET state = 'failed', finished_at = ?, error = ? WHERE id = ? AND state = 'running'",
                    clock.millis(), "The process running it (" + r.owner() + ") stopped before the run finished", r.id());
            store.update("UPDATE zt_pipeline_node_run SET state = 'cancelled', finished_at = ? WHERE run_id = ? AND state IN ('pending', 'running')",
                    clock.millis(), r.id());
        }
        return orphans;
    }

    public Run run(String id) {
        return store.query("SELECT " + RUN_COLUMNS + " FROM zt_pipeline_run WHERE id = ?", RunStore::run, id).stream().findFirst()
                .orElseThrow(() -> ZhongtaiException.notFound("Pipeline run '%s' does not exist", id));
    }

    /** The newest runs first; all pipelines when {@code pipeline} is null. */
    public List<Run> runs(String pipeline, int limit) {
        return pipeline == null
                ? store.query("SELECT " + RUN_COLUMNS + " FROM zt_pipeline_run ORDER BY queued_at DESC, id LIMIT ?", RunStore::run, limit)
                : store.query("SELECT " + RUN_COLUMNS + " FROM zt_pipeline_run WHERE pipeline = ? ORDER BY queued_at DESC, id LIMIT ?",
                RunStore::run, pipeline, limit);
    }

    /** Queued runs, oldest first. */
    public List<Run> queued() {
        return store.query("SELECT " + RUN_COLUMNS + " FROM zt_pipeline_run WHERE state = 'queued' ORDER BY queued_at, id", RunStore::run);
    }

    public int running(String pipeline) {
        return store.query("SELECT count(*) FROM zt_pipeline_run WHERE pipeline = ? AND state = 'running'",
                row -> row.getInt(1), pipeline).get(0);
    }

    /** The newest run of a pipeline for a business date, if any. */
    public Optional<Run> latest(String pipeline, LocalDate bizdate) {
        return store.query("SELECT " + RUN_COLUMNS + " FROM zt_pipeline_run WHERE pipeline = ? AND bizdate = ? "
                + "ORDER BY queued_at DESC, id LIMIT 1", RunStore::run, pipeline, bizdate.toString()).stream().findFirst();
    }

    public void nodePending(String runId, String node) {
        store.update("INSERT INTO zt_pipeline_node_run (run_id, node, state, attempts) VALUES (?, ?, 'pending', 0)", runId, node);
    }

    public void nodeStarted(String runId, String node, int attempt) {
        store.update("UPDATE zt_pipeline_node_run SET state = 'running', attempts = ?, started_at = COALESCE(started_at, ?) "
                + "WHERE run_id = ? AND node = ?", attempt, clock.millis(), runId, node);
    }

    public void nodeFinished(String runId, String node, NodeState state, NodeStats stats, String error) {
        store.update("UPDATE zt_pipeline_node_run SET state = ?, finished_at = ?, rows_in = ?, rows_out = ?, rows_rejected = ?, "
                        + "bytes_written = ?, error = ? WHERE run_id = ? AND node = ?",
                state.label(), clock.millis(), stats.rowsIn(), stats.rowsOut(), stats.rowsRejected(), stats.bytesWritten(), error,
                runId, node);
    }

    /** Appends one line to the node's log. */
    public void log(String runId, String node, String line) {
        store.update("UPDATE zt_pipeline_node_run SET log = COALESCE(log, '') || ? WHERE run_id = ? AND node = ?",
                Instant.ofEpochMilli(clock.millis()) + " " + line + "\n", runId, node);
    }

    public List<NodeRun> nodes(String runId) {
        return store.query("SELECT " + NODE_COLUMNS + " FROM zt_pipeline_node_run WHERE run_id = ? ORDER BY started_at, node",
                RunStore::nodeRun, runId);
    }

    /** The node's log, or every node's log in start order when {@code node} is null. */
    public String logs(String runId, String node) {
        run(runId);
        List<String[]> logs = store.query("SELECT node, log FROM zt_pipeline_node_run WHERE run_id = ? ORDER BY started_at, node",
                row -> new String[]{row.getString(1), row.getString(2)}, runId);
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String[] entry : logs) {
            if (node != null && !node.equals(entry[0])) {
                continue;
            }
            found = true;
            if (entry[1] == null) {
                continue;
            }
            for (String line : entry[1].split("\n")) {
                out.append(node == null ? "[" + entry[0] + "] " : "").append(line).append('\n');
            }
        }
        if (node != null && !found) {
            throw ZhongtaiException.notFound("Run '%s' has no node '%s'", runId, node);
        }
        return out.toString();
    }

    private static Run run(ResultSet row) throws SQLException {
        return new Run(row.getString(1), row.getString(2), row.getInt(3), LocalDate.parse(row.getString(4)), row.getString(5),
                RunState.of(row.getString(6)), row.getString(7), params(row.getString(8)), instant(row, 9), instant(row, 10),
                instant(row, 11), row.getString(12), row.getString(13), instant(row, 14), row.getString(15));
    }

    private static NodeRun nodeRun(ResultSet row) throws SQLException {
        return new NodeRun(row.getString(1), row.getString(2), NodeState.of(row.getString(3)), row.getInt(4), instant(row, 5),
                instant(row, 6), longOrNull(row, 7), longOrNull(row, 8), longOrNull(row, 9), longOrNull(row, 10), row.getString(11));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Long longOrNull(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static String json(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> params(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable run parameters: " + json, e);
        }
    }
}
