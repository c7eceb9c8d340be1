package io.zhongtai.core.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TableWriter;
import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.ChangeBatch;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Copies source tables into lakehouse tables: full (parallel splits, one replacing commit per table), incremental
 * (cursor high-water mark, upsert by key; for topics and queues, consume and append) and CDC (snapshot then changes
 * as upserts and deletes). Every commit stores the sync position in the Iceberg snapshot summary of that same
 * commit, so a killed sync resumes from its last commit without losing or repeating data.
 */
public final class SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    /** ColumnBatch rows staged before they are written out as Parquet during a full read. */
    private static final long STAGED_ROWS_PER_FILE = 1_000_000;
    /** Stream and CDC batches are committed at least this often in rows. */
    private static final int MAX_ROWS_PER_COMMIT = 500_000;
    private static final Duration POLL = Duration.ofMillis(200);
    /** Without --follow a stream or CDC sync stops once nothing new arrived for this long. */
    private static final Duration IDLE_STOP = Duration.ofSeconds(2);
    private static final Duration CDC_START_WAIT = Duration.ofSeconds(60);

    private final SourceRegistry sources;
    private final Lakehouse lakehouse;
    private final DuckDb duckDb;
    private final SyncHistory history;
    private final long targetFileSize;

    public SyncEngine(SourceRegistry sources, Lakehouse lakehouse, DuckDb duckDb, SyncHistory history, long targetFileSize) {
        this.sources = requireNonNull(sources, "sources is null");
        this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
        this.duckDb = requireNonNull(duckDb, "duckDb is null");
        this.history = requireNonNull(history, "history is null");
        this.targetFileSize = targetFileSize;
    }

    /**
     * Runs a sync until done, or for streams and CDC with {@code follow} until {@code stop} is set (the batch in
     * progress is committed first). A table that fails does not stop the others; the result says which failed.
     */
    public SyncResult sync(Identity caller, SyncRequest request, SyncListener listener, AtomicBoolean stop) {
        long started = System.nanoTime();
        try (SourceRegistry.OpenSource source = sources.open(request.source())) {
            Connector connector = source.connector();
            List<TableId> tables = source.call(c -> resolveTables(c, request));
            String runId = history.startRun(request.source(), request.mode(), caller.principal());
            List<SyncResult.TableResult> results = new ArrayList<>();
            if (request.mode() == SyncMode.CDC) {
                results.addAll(runCdc(source, tables, request, listener, stop));
            } else {
                for (TableId table : tables) {
                    if (stop.get()) {
                        break;
                    }
                    results.add(runTable(source, table, request, listener, stop));
                }
            }
            long rows = results.stream().mapToLong(SyncResult.TableResult::rows).sum();
            String status = results.stream().anyMatch(r -> r.status().equals("failed")) ? "failed"
                    : stop.get() && (request.follow() || results.size() < tables.size()) ? "stopped" : "succeeded";
            SyncResult result = new SyncResult(runId, request.source(), request.mode(), status, rows,
                    Duration.ofNanos(System.nanoTime() - started), results);
            history.finishRun(result);
            LOG.info("Sync {} of source {} {}: {} rows in {} tables", runId, request.source(), status, rows, results.size());
            return result;
        }
    }

    private List<TableId> resolveTables(Connector connector, SyncRequest request) {
        if (request.all()) {
            List<TableId> all = new ArrayList<>();
            for (String namespace : connector.listNamespaces()) {
                all.addAll(connector.listTables(namespace));
            }
            return all;
        }
        if (request.tables().isEmpty()) {
            throw ZhongtaiException.invalid("Say which tables to sync: --tables a,b or --all");
        }
        return request.tables().stream().map(TableId::parse).toList();
    }

    private SyncResult.TableResult runTable(SourceRegistry.OpenSource source, TableId table, SyncRequest request,
                                            SyncListener listener, AtomicBoolean stop) {
        Connector connector = source.connector();
        if (connector.capabilities().contains(Capability.STREAM) && !connector.capabilities().contains(Capability.BATCH_READ)) {
            // Topics and queues have no namespaces, and their names may hold dots: "orders.v1" is one name.
            TableId stream = new TableId("", table.toString());
            TableName target = TargetTable.nameFor(request.namespace(), request.source(), stream.name());
            try {
                return source.call(c -> streamTable(source, c, stream, target, request, listener, stop));
            } catch (ZhongtaiException e) {
                return failed(request, stream, target, e);
            }
        }
        TableName target = TargetTable.nameFor(request.namespace(), request.source(), table.name());
        try {
            TableSchema schema = source.call(c -> c.describe(table));
            return source.call(c -> request.mode() == SyncMode.FULL
                    ? fullTable(c, source.name(), schema, target, request, listener, Optional.empty())
                    : incrementalTable(c, source.name(), schema, target, request, listener));
        } catch (ZhongtaiException e) {
            return failed(request, table, target, e);
        }
    }

    private static SyncResult.TableResult failed(SyncRequest request, TableId table, TableName target, ZhongtaiException e) {
        LOG.warn("Sync of {}.{} into {} failed: {}", request.source(), table, target, e.getMessage());
        return new SyncResult.TableResult(table.toString(), target.toString(), 0, 0, 0, null, null, "failed", e.getMessage(), e.kind());
    }

    // ---- full and incremental -------------------------------------------------------------------------------

    /** Reads every split in parallel and replaces the table's rows in one commit; stores {@code cursor} if given. */
    private SyncResult.TableResult fullTable(Connector connector, String source, TableSchema schema, TableName target,
                                             SyncRequest request, SyncListener listener, Optional<Position> cursor) {
        ReadSpec spec = cursor.map(p -> ReadSpec.all().withCursor(new ReadSpec.CursorRange(p.cursor(), null, p.value())))
                .orElse(ReadSpec.all());
        List<Split> splits = connector.planSplits(schema, spec, request.parallelism());
        listener.tableStarted(schema.table().toString(), target.toString(),
                splits.stream().allMatch(s -> s.estimatedRows() >= 0) ? splits.stream().mapToLong(Split::estimatedRows).sum() : -1);
        TargetTable t = TargetTable.open(lakehouse, target, schema.columns(), schema.primaryKey());
        List<Path> dirs = new ArrayList<>();
        try {
            TableWriter.Written written = readSplits(connector, schema, splits, spec, t, request.parallelism(), listener, dirs);
            String position = cursor.map(Position::json).orElse(null);
            long snapshot = TableWriter.commitOverwriteAll(t.table(), written, summary(source, SyncMode.FULL, position));
            t.commit();
            return committed(source, schema, t, SyncMode.FULL, position, snapshot, written.rows(), 0, 0, listener);
        } catch (RuntimeException e) {
            dirs.forEach(TableWriter::deleteQuietly);
            throw e;
        }
    }

    private TableWriter.Written readSplits(Connector connector, TableSchema schema, List<Split> splits, ReadSpec spec,
                                           TargetTable t, int parallelism, SyncListener listener, List<Path> dirs) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, splits.size())), r -> {
            Thread thread = new Thread(r, "zt-sync-" + schema.table().name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<TableWriter.Written>>> futures = new ArrayList<>();
            for (Split split : splits) {
                futures.add(pool.submit(() -> readSplit(connector, schema, split, spec, t, listener, dirs)));
            }
            List<TableWriter.Written> parts = new ArrayList<>();
            for (Future<List<TableWriter.Written>> f : futures) {
                parts.addAll(f.get());
            }
            return concat(parts);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                    "Cannot read " + schema.table() + ": " + cause, null, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Interrupted while reading " + schema.table());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One split into Parquet files: file batches are converted by DuckDB directly, column batches via a staging table. */
    private List<TableWriter.Written> readSplit(Connector connector, TableSchema schema, Split split, ReadSpec spec,
                                                TargetTable t, SyncListener listener, List<Path> dirs) throws SQLException {
        List<TableWriter.Written> out = new ArrayList<>();
        StagingTable staging = null;
        try (Connection c = duckDb.openPrivileged(); BatchReader reader = connector.openReader(schema, split, spec)) {
            for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
                if (batch instanceof FileBatch file) {
                    TableWriter.Written w;
                    try {
                        w = write(c, t, BatchStaging.readSql(file), dirs);
                    } catch (ZhongtaiException e) {
                        throw BatchStaging.readError(file, schema.table().toString(), e);
                    }
                    deleteIfOwned(file);
                    listener.rowsRead(w.rows());
                    out.add(w);
                } else {
                    ColumnBatch rows = (ColumnBatch) batch;
                    if (staging == null) {
                        staging = StagingTable.create(c, "__zt_stage", rows.columns());
                    }
                    staging.add(rows);
                    listener.rowsRead(rows.rowCount());
                    if (staging.rows() >= STAGED_ROWS_PER_FILE) {
                        out.add(write(c, t, staging.selectRows(), dirs));
                        staging.clear();
                    }
                }
            }
            if (staging != null && staging.rows() > 0) {
                out.add(write(c, t, staging.selectRows(), dirs));
            }
        }
        return out;
    }

    private TableWriter.Written write(Connection c, TargetTable t, String sql, List<Path> dirs) {
        Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), t.table());
        synchronized (dirs) {
            dirs.add(dir);
        }
        return TableWriter.write(lakehouse.warehouse(), c, t.table(), sql, targetFileSize, dir);
    }

    /**
     * Reads rows after the stored high-water mark up to the source's current maximum and upserts them by primary key
     * (appends when the table has none). The first run, with no stored mark, is a full read up to the maximum.
     */
    private SyncResult.TableResult incrementalTable(Connector connector, String source, TableSchema schema, TableName target,
                                                    SyncRequest request, SyncListener listener) {
        Optional<Position> stored = TargetTable.storedPosition(lakehouse, target).flatMap(Position::parseCursor);
        String cursor = request.cursorColumn().or(() -> stored.map(Position::cursor)).orElseThrow(() -> ZhongtaiException.invalid(
                "Cannot sync %s incrementally: name the cursor column with --cursor <column> (e.g. updated_at or id)", schema.table()));
        if (schema.column(cursor).isEmpty()) {
            throw ZhongtaiException.invalid("Cannot sync %s incrementally, cursor column does not exist: %s (columns: %s)",
                    schema.table(), cursor, String.join(", ", schema.columnNames()));
        }
        Optional<String> max = connector.maxCursorValue(schema, cursor);
        if (stored.isEmpty() || !stored.get().cursor().equals(cursor)) {
            return fullTable(connector, source, schema, target, request, listener,
                    Optional.of(new Position(cursor, max.orElse(null))));
        }
        String after = stored.get().value();
        if (max.isEmpty() || max.get().equals(after)) {
            listener.tableStarted(schema.table().toString(), target.toString(), 0);
            return new SyncResult.TableResult(schema.table().toString(), target.toString(), 0, 0, 0, null, stored.get().json(),
                    "succeeded", null, null);
        }
        Position next = new Position(cursor, max.get());
        ReadSpec spec = ReadSpec.all().withCursor(new ReadSpec.CursorRange(cursor, after, max.get()));
        List<Split> splits = connector.planSplits(schema, spec, request.parallelism());
        listener.tableStarted(schema.table().toString(), target.toString(), -1);
        TargetTable t = TargetTable.open(lakehouse, target, schema.columns(), schema.primaryKey());
        Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), t.table());
        try (Connection c = duckDb.openPrivileged()) {
            StagingTable staging = StagingTable.create(c, "__zt_stage", schema.columns());
            for (Split split : splits) {
                try (BatchReader reader = connector.openReader(schema, split, spec)) {
                    for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
                        listener.rowsRead(stage(staging, batch));
                    }
                }
            }
            long rows = staging.rows();
            Map<String, String> summary = summary(source, SyncMode.INCREMENTAL, next.json());
            long snapshot;
            if (schema.primaryKey().isEmpty()) {
                TableWriter.Written w = TableWriter.write(lakehouse.warehouse(), c, t.table(), staging.selectRows(), targetFileSize, dir);
                snapshot = TableWriter.commitAppend(t.table(), w, summary);
            } else {
                TableMerge.Result merged = TableMerge.merge(lakehouse.warehouse(), c, t, staging.flushed(), schema.primaryKey(), false, TableMerge.Existing.KEPT,
                        targetFileSize, dir);
                snapshot = TableWriter.commitReplace(t.table(), t.base(), merged.removed(), merged.written(), summary);
            }
            t.commit();
            return committed(source, schema, t, SyncMode.INCREMENTAL, next.json(), snapshot, rows, 0, 0, listener);
        } catch (SQLException e) {
            TableWriter.deleteQuietly(dir);
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot stage " + schema.table() + ": " + e.getMessage(), null, e);
        } catch (RuntimeException e) {
            TableWriter.deleteQuietly(dir);
            throw e;
        }
    }

    /** Adds a batch to a staging table; returns its row count. */
    private static long stage(StagingTable staging, Batch batch) {
        if (batch instanceof ColumnBatch rows) {
            staging.add(rows);
            return rows.rowCount();
        }
        FileBatch file = (FileBatch) batch;
        long n = staging.addFile(file);
        deleteIfOwned(file);
        return n;
    }

    // ---- streams (Kafka, RabbitMQ) ---------------------------------------------------------------------------

    /**
     * Consumes a topic or queue into an append-only table, committing every {@link SyncRequest#commitInterval()} with
     * the stream position in the same commit and acknowledging to the source only afterwards. Undecodable messages
     * go to {@code <table>__dead_letters} with the reason. Without follow, stops once the stream is idle.
     */
    private SyncResult.TableResult streamTable(SourceRegistry.OpenSource source, Connector connector, TableId table, TableName target,
                                               SyncRequest request, SyncListener listener, AtomicBoolean stop) {
        Map<String, String> position = TargetTable.storedPosition(lakehouse, target).map(SyncEngine::parseMap).orElse(Map.of());
        listener.tableStarted(table.toString(), target.toString(), -1);
        long total = 0;
        long deadTotal = 0;
        Long snapshot = null;
        String lastPosition = position.isEmpty() ? null : json(position);
        try (MessageStream stream = connector.openStream(table, position); Connection c = duckDb.openPrivileged()) {
            StagingTable staging = null;
            List<StreamBatch.DeadLetter> dead = new ArrayList<>();
            StreamBatch last = null;
            long windowStart = System.nanoTime();
            long idleSince = System.nanoTime();
            while (true) {
                boolean stopping = stop.get();
                StreamBatch batch = stopping ? null : stream.poll(POLL, MAX_ROWS_PER_COMMIT);
                boolean schemaChanged = batch != null && staging != null && !batch.rows().columns().equals(staging.columns())
                        && batch.rows().rowCount() > 0;
                long staged = staging == null ? 0 : staging.rows();
                boolean windowDone = System.nanoTime() - windowStart >= request.commitInterval().toNanos();
                boolean idle = batch == null || batch.isEmpty();
                boolean finishing = stopping || (!request.follow() && idle && System.nanoTime() - idleSince >= IDLE_STOP.toNanos());
                if ((staged > 0 || !dead.isEmpty()) && (schemaChanged || windowDone || finishing || staged >= MAX_ROWS_PER_COMMIT)) {
                    Commit commit = commitStream(c, source.name(), table, target, staging, dead, last);
                    snapshot = commit.snapshot();
                    lastPosition = json(last.position());
                    total += staged;
                    deadTotal += dead.size();
                    stream.acknowledge(last);
                    listener.committed(target.toString(), staged, snapshot == null ? -1 : snapshot);
                    dead = new ArrayList<>();
                    staging = null;
                    windowStart = System.nanoTime();
                }
                if (finishing) {
                    break;
                }
                if (idle) {
                    continue;
                }
                idleSince = System.nanoTime();
                if (batch.rows().rowCount() > 0) {
                    if (staging == null) {
                        staging = StagingTable.create(c, "__zt_stream", batch.rows().columns());
                    }
                    staging.add(batch.rows());
                    listener.rowsRead(batch.rows().rowCount());
                }
                dead.addAll(batch.deadLetters());
                last = batch;
            }
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot stage messages of " + table + ": " + e.getMessage(), null, e);
        }
        return new SyncResult.TableResult(table.toString(), target.toString(), total, 0, deadTotal, snapshot, lastPosition,
                "succeeded", null, null);
    }

    private record Commit(Long snapshot) {
    }

    /** Commits the staged rows (staging may be null when only dead letters came) with the stream's position. */
    private Commit commitStream(Connection c, String source, TableId table, TableName target, StagingTable staging,
                                List<StreamBatch.DeadLetter> dead, StreamBatch last) {
        String position = json(last.position());
        // Dead letters first: after a crash between the two commits they may repeat, but are never lost.
        if (!dead.isEmpty()) {
            commitDeadLetters(c, source, target, dead);
        }
        long staged = staging == null ? 0 : staging.rows();
        Long snapshot;
        if (staged > 0) {
            snapshot = appendStaged(c, TargetTable.open(lakehouse, target, staging.columns(), List.of()), staging,
                    summary(source, SyncMode.INCREMENTAL, position));
            staging.clear();
        } else {
            // Only dead letters: still record how far the stream got, in an empty commit of the position.
            snapshot = commitPositionOnly(source, target, position);
        }
        history.recordCommit(source, table.toString(), target.toString(), SyncMode.INCREMENTAL, position, snapshot, staged);
        return new Commit(snapshot);
    }

    /** Appends a staging table's rows (without the sequence column) to the table in one commit; returns the snapshot. */
    private long appendStaged(Connection c, TargetTable t, StagingTable staging, Map<String, String> summary) {
        Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), t.table());
        try {
            TableWriter.Written w = TableWriter.write(lakehouse.warehouse(), c, t.table(), staging.selectRows(), targetFileSize, dir);
            long snapshot = TableWriter.commitAppend(t.table(), w, summary);
            t.commit();
            return snapshot;
        } catch (RuntimeException e) {
            TableWriter.deleteQuietly(dir);
            throw e;
        }
    }

    private Long commitPositionOnly(String source, TableName target, String position) {
        if (!lakehouse.tableExists(target)) {
            return null;
        }
        org.apache.iceberg.Table table = lakehouse.table(target);
        return TableWriter.commitAppend(table, TableWriter.Written.EMPTY, summary(source, SyncMode.INCREMENTAL, position));
    }

    private void commitDeadLetters(Connection c, String source, TableName target, List<StreamBatch.DeadLetter> dead) {
        TableName deadTable = new TableName(target.namespace(), target.table() + "__dead_letters");
        List<Column> columns = List.of(Column.of("received_at", DataType.TIMESTAMP_TZ), Column.of("origin", DataType.STRING),
                Column.of("reason", DataType.STRING), Column.of("payload", DataType.STRING));
        ColumnBatch.Builder rows = ColumnBatch.builder(columns, dead.size());
        Instant now = Instant.now();
        for (StreamBatch.DeadLetter d : dead) {
            rows.set(0, now).set(1, d.origin()).set(2, d.reason()).set(3, d.payload()).endRow();
        }
        StagingTable staging = StagingTable.create(c, "__zt_dead", columns);
        staging.add(rows.build());
        appendStaged(c, TargetTable.open(lakehouse, deadTable, columns, List.of()), staging,
                Map.of("zhongtai.operation", "sync", SOURCE_KEY, source));
        LOG.warn("{} undecodable message(s) from source {} went to {}; first: {}", dead.size(), source, deadTable, dead.get(0).reason());
    }

    // ---- CDC -------------------------------------------------------------------------------------------------

    private List<SyncResult.TableResult> runCdc(SourceRegistry.OpenSource source, List<TableId> requested, SyncRequest request,
                                                SyncListener listener, AtomicBoolean stop) {
        Map<TableId, TableName> targets = new LinkedHashMap<>();
        Map<TableId, String> storedOffsets = new HashMap<>();
        // Change events name tables as the connector describes them (e.g. with the default schema filled in).
        List<TableId> tables = new ArrayList<>();
        for (TableId id : requested) {
            tables.add(source.call(c -> c.describe(id)).table());
        }
        for (TableId table : tables) {
            TableName target = TargetTable.nameFor(request.namespace(), request.source(), table.name());
            targets.put(table, target);
            TargetTable.storedPosition(lakehouse, target).ifPresent(p -> storedOffsets.put(table, p));
            listener.tableStarted(table.toString(), target.toString(), -1);
        }
        Comparator<String> order = source.call(Connector::changeOffsetOrder);
        // Resume from the oldest offset any table committed; a table without one needs the snapshot.
        Optional<String> start = storedOffsets.size() == tables.size()
                ? storedOffsets.values().stream().min(order) : Optional.empty();
        Map<TableId, CdcTotals> totals = new LinkedHashMap<>();
        tables.forEach(t -> totals.put(t, new CdcTotals()));
        // Without a start offset the connector snapshots every table anew: each table's first commit replaces its
        // rows, so rows deleted in the source since an earlier, interrupted snapshot do not linger.
        Set<TableId> freshSnapshot = start.isEmpty() ? new HashSet<>(tables) : new HashSet<>();
        try (ChangeStream stream = source.call(c -> c.openChangeStream(List.copyOf(tables), start)); Connection c = duckDb.openPrivileged()) {
            CdcBuffer buffer = new CdcBuffer();
            long windowStart = System.nanoTime();
            long lastChange = System.nanoTime();
            long opened = System.nanoTime();
            boolean seenAny = false;
            while (true) {
                boolean stopping = stop.get();
                ChangeBatch batch = stopping ? null : source.call(s -> stream.poll(POLL));
                boolean idle = batch == null || batch.isEmpty();
                if (!idle) {
                    seenAny = true;
                    lastChange = System.nanoTime();
                    if (buffer.schemaChanges(batch)) {
                        flushCdc(c, source.name(), buffer, targets, storedOffsets, freshSnapshot, order, totals, listener, stream);
                    }
                    buffer.add(c, batch);
                    batch.tables().forEach(tc -> listener.rowsRead(tc.rows().rowCount()));
                } else if (batch != null && batch.offset() != null) {
                    buffer.offset = batch.offset();
                }
                long now = System.nanoTime();
                boolean idleLongEnough = seenAny ? now - lastChange >= IDLE_STOP.toNanos() : now - opened >= CDC_START_WAIT.toNanos();
                boolean finishing = stopping || (!request.follow() && idle && idleLongEnough);
                if (buffer.rows > 0 && (finishing || buffer.rows >= MAX_ROWS_PER_COMMIT
                        || now - windowStart >= request.commitInterval().toNanos())) {
                    flushCdc(c, source.name(), buffer, targets, storedOffsets, freshSnapshot, order, totals, listener, stream);
                    windowStart = now;
                }
                if (finishing) {
                    break;
                }
            }
        } catch (ZhongtaiException e) {
            List<SyncResult.TableResult> failed = new ArrayList<>();
            totals.forEach((table, t) -> failed.add(t.result(table, targets.get(table), "failed", e)));
            return failed;
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot stage changes: " + e.getMessage(), null, e);
        }
        List<SyncResult.TableResult> results = new ArrayList<>();
        totals.forEach((table, t) -> results.add(t.result(table, targets.get(table), "succeeded", null)));
        return results;
    }

    /** Rows, commits and position of one table during a CDC run. */
    private static final class CdcTotals {
        long rows;
        long deleted;
        Long snapshot;
        String position;

        SyncResult.TableResult result(TableId table, TableName target, String status, ZhongtaiException error) {
            return new SyncResult.TableResult(table.toString(), target.toString(), rows, deleted, 0, snapshot, position, status,
                    error == null ? null : error.getMessage(), error == null ? null : error.kind());
        }
    }

    /** Changes staged per table since the last commit. */
    private static final class CdcBuffer {
        final Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
        final Map<TableId, StagingTable> stagingTables = new HashMap<>();
        long rows;
        String offset;

        boolean schemaChanges(ChangeBatch batch) {
            return batch.tables().stream().anyMatch(tc -> {
                TableSchema known = schemas.get(tc.schema().table());
                return known != null && !known.columns().equals(tc.schema().columns());
            });
        }

        void add(Connection c, ChangeBatch batch) {
            for (ChangeBatch.TableChanges tc : batch.tables()) {
                if (tc.rows().rowCount() == 0) {
                    continue;
                }
                TableId id = tc.schema().table();
                if (!schemas.containsKey(id)) {
                    schemas.put(id, tc.schema());
                    stagingTables.put(id, StagingTable.create(c, "__zt_cdc_" + stagingTables.size(), tc.rows().columns()));
                }
                stagingTables.get(id).add(tc.rows());
                rows += tc.rows().rowCount();
            }
            offset = batch.offset();
        }

        void clear() {
            schemas.clear();
            stagingTables.clear();
            rows = 0;
        }
    }

    private void flushCdc(Connection c, String source, CdcBuffer buffer, Map<TableId, TableName> targets,
                          Map<TableId, String> storedOffsets, Set<TableId> freshSnapshot, Comparator<String> order,
                          Map<TableId, CdcTotals> totals, SyncListener listener, ChangeStream stream) {
        String offset = buffer.offset;
        for (Map.Entry<TableId, TableSchema> e : buffer.schemas.entrySet()) {
            TableId id = e.getKey();
            TableSchema schema = e.getValue();
            String stored = storedOffsets.get(id);
            if (stored != null && order.compare(offset, stored) <= 0) {
                continue; // this table already committed these changes before a restart
            }
            TableName target = targets.get(id);
            if (target == null) {
                continue;
            }
            String staging = buffer.stagingTables.get(id).flushed();
            TargetTable t = TargetTable.open(lakehouse, target, schema.columns(), schema.primaryKey());
            Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), t.table());
            boolean replaces = freshSnapshot.contains(id);
            try {
                Map<String, String> summary = summary(source, SyncMode.CDC, offset);
                long snapshot;
                long rows;
                long deleted = 0;
                if (schema.primaryKey().isEmpty()) {
                    TableWriter.Written w = TableWriter.write(lakehouse.warehouse(), c, t.table(), "SELECT * EXCLUDE ("
                            + StagingTable.SEQUENCE_COLUMN + ", " + io.zhongtai.core.lakehouse.TypeMapping.quote(ChangeBatch.OP_COLUMN)
                            + ") FROM " + staging + " WHERE " + io.zhongtai.core.lakehouse.TypeMapping.quote(ChangeBatch.OP_COLUMN)
                            + " <> 'd'", targetFileSize, dir);
                    snapshot = replaces ? TableWriter.commitOverwriteAll(t.table(), w, summary) : TableWriter.commitAppend(t.table(), w, summary);
                    rows = w.rows();
                } else {
                    TableMerge.Result merged = TableMerge.merge(lakehouse.warehouse(), c, t, staging, schema.primaryKey(), true,
                            replaces ? TableMerge.Existing.REPLACED : TableMerge.Existing.KEPT, targetFileSize, dir);
                    snapshot = TableWriter.commitReplace(t.table(), t.base(), merged.removed(), merged.written(), summary);
                    rows = merged.upserted();
                    deleted = merged.deleted();
                }
                t.commit();
                freshSnapshot.remove(id);
                storedOffsets.put(id, offset);
                history.recordCommit(source, id.toString(), target.toString(), SyncMode.CDC, offset, snapshot, rows);
                CdcTotals total = totals.get(id);
                total.rows += rows;
                total.deleted += deleted;
                total.snapshot = snapshot;
                total.position = offset;
                listener.committed(target.toString(), rows, snapshot);
                DuckDb.exec(c, "DROP TABLE IF EXISTS " + staging);
                DuckDb.exec(c, "DROP TABLE IF EXISTS " + staging + "_final");
            } catch (RuntimeException ex) {
                TableWriter.deleteQuietly(dir);
                throw ex;
            }
        }
        buffer.clear();
        stream.committed(offset);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static final String SOURCE_KEY = TargetTable.SOURCE_PROPERTY;

    private static Map<String, String> summary(String source, SyncMode mode, String position) {
        Map<String, String> summary = new HashMap<>();
        summary.put("zhongtai.operation", "sync");
        summary.put("zhongtai.sync.mode", mode.label());
        summary.put(SOURCE_KEY, source);
        if (position != null) {
            summary.put(TargetTable.POSITION_PROPERTY, position);
        }
        return summary;
    }

    private SyncResult.TableResult committed(String source, TableSchema schema, TargetTable t, SyncMode mode, String position,
                                             long snapshot, long rows, long deleted, long dead, SyncListener listener) {
        history.recordCommit(source, schema.table().toString(), t.name().toString(), mode, position, snapshot, rows);
        listener.committed(t.name().toString(), rows, snapshot);
        return new SyncResult.TableResult(schema.table().toString(), t.name().toString(), rows, deleted, dead, snapshot, position,
                "succeeded", null, null);
    }

    private static TableWriter.Written concat(List<TableWriter.Written> parts) {
        List<org.apache.iceberg.DataFile> files = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (TableWriter.Written w : parts) {
            files.addAll(w.files());
            rows += w.rows();
            bytes += w.bytes();
        }
        return new TableWriter.Written(files, rows, bytes);
    }

    private static void deleteIfOwned(FileBatch file) {
        if (file.owned()) {
            try {
                Files.deleteIfExists(file.file());
            } catch (java.io.IOException e) {
                LOG.debug("Cannot delete {}: {}", file.file(), e.toString());
            }
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parseMap(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Corrupt stored stream position: " + json);
        }
    }

    /** An incremental high-water mark: the cursor column and the greatest value synced. */
    record Position(String cursor, String value) {
        String json() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("cursor", cursor);
            map.put("value", value);
            return SyncEngine.json(map);
        }

        static Optional<Position> parseCursor(String json) {
            Map<String, String> map = parseMap(json);
            return map.containsKey("cursor") ? Optional.of(new Position(map.get("cursor"), map.get("value"))) : Optional.empty();
        }
    }
}
