package io.zhongtai.connector.jdbc.cdc;

import io.debezium.embedded.Connect;
import io.debezium.embedded.EmbeddedWorkerConfig;
import io.debezium.embedded.KafkaConnectUtil;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import io.zhongtai.spi.connector.ChangeBatch;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Change data capture with the Debezium embedded engine running in its own thread. Change events pass through a
 * bounded queue (Debezium waits when the platform falls behind) and become {@link ChangeBatch}es in
 * {@link #poll}. Debezium's offset store is only a scratch file seeded from the offset the platform passes in:
 * the platform stores offsets with its commits, and {@link #committed} is what lets Debezium confirm a position
 * to the server (PostgreSQL's slot, so the server can release WAL).
 */
public final class DebeziumChangeStream implements ChangeStream {
    private static final Logger LOG = LoggerFactory.getLogger(DebeziumChangeStream.class);
    private static final int QUEUE_CAPACITY = 8_192;
    private static final int MAX_BATCH_EVENTS = 8_192;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Column OP = Column.of(ChangeBatch.OP_COLUMN, DataType.STRING);
    /** Engine settings that depend on nothing (batch sizes, value forms, which events), documented in the file. */
    private static final String ENGINE_SETTINGS_RESOURCE = "debezium-engine.properties";
    private static final Properties ENGINE_SETTINGS = loadEngineSettings();

    private final CdcDialect dialect;
    private final CdcSource source;
    private final Comparator<ChangeOffset> order;
    private final long epoch;
    /** By the table's full name as change events give it; each schema names the table as the caller did. */
    private final Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
    private final Map<TableId, Schema> eventSchemas = new HashMap<>();
    private final Set<TableId> fullDeleteImages;
    private final BlockingQueue<ChangeEvent<SourceRecord, SourceRecord>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Deque<ChangeEvent<SourceRecord, SourceRecord>> backlog = new ArrayDeque<>();
    /** Batches handed to the platform and not yet committed: their offset and last event, oldest first. */
    private final Deque<Delivered> delivered = new ArrayDeque<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>>> committer = new AtomicReference<>();
    private final Path dir;
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final ExecutorService thread;
    private long snapshotRows;
    private volatile boolean closed;

    private record Delivered(ChangeOffset offset, ChangeEvent<SourceRecord, SourceRecord> last) {
    }

    DebeziumChangeStream(CdcDialect dialect, CdcSource source, List<TableId> tables, Optional<String> offset) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.source = requireNonNull(source, "source is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(offset, "offset is null");
        if (tables.isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot start change data capture of "
                    + source.address() + ": no tables given");
        }
        this.order = dialect.order();
        Optional<ChangeOffset> start = offset.map(ChangeOffset::parse);
        // A snapshot interrupted before it finished is taken again from the start, as a new epoch.
        boolean resuming = start.isPresent() && start.get().resumable();
        this.epoch = resuming ? start.get().epoch() : System.currentTimeMillis();
        for (TableId table : tables) {
            TableSchema schema = source.describe().apply(table);
            schemas.put(dialect.qualify(source, schema.table()), schema);
        }
        dialect.checkPrerequisites(source, resuming);
        fullDeleteImages = dialect.fullDeleteImages(source, schemas.keySet());
        String engineName = "zt-cdc-" + CdcOptions.defaultName(source.context());
        try {
            dir = Files.createTempDirectory(source.context().workDir(), "cdc-");
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot create a work directory for change data "
                    + "capture in " + source.context().workDir() + ": " + e.getMessage(), e);
        }
        Path offsetFile = dir.resolve("offsets.dat");
        try {
            if (resuming) {
                seedOffsets(offsetFile, engineName, start.get());
            }
            Properties props = engineProperties(engineName, offsetFile);
            props.putAll(dialect.debeziumProperties(source, List.copyOf(schemas.keySet()), resuming, dir));
            engine = DebeziumEngine.create(Connect.class)
                    .using(props)
                    .using((success, message, error) -> {
                        if (!success && !closed) {
                            failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                            LOG.warn("Change data capture of {} stopped: {}", source.address(), message);
                        }
                    })
                    .notifying(this::handleBatch)
                    .build();
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zt-cdc-" + source.context().sourceName());
            t.setDaemon(true);
            return t;
        });
        thread.execute(engine);
        LOG.info("Change data capture of {} tables {} started ({})", source.address(), schemas.keySet(),
                resuming ? "resuming from " + start.get() : "snapshot first: " + CdcOptions.snapshot(source.options()));
    }

    /** The engine settings of every dialect: {@link #ENGINE_SETTINGS}, this stream's names and files, the connection. */
    private Properties engineProperties(String engineName, Path offsetFile) {
        Properties p = new Properties();
        p.putAll(ENGINE_SETTINGS);
        p.put("name", engineName);
        p.put("topic.prefix", CdcOptions.defaultName(source.context()));
        p.put("offset.storage", FileOffsetBackingStore.class.getName());
        p.put("offset.storage.file.filename", offsetFile.toString());
        p.put("heartbeat.interval.ms", String.valueOf(CdcOptions.heartbeat(source.options()).toMillis()));
        p.put("database.hostname", source.settings().host());
        p.put("database.port", String.valueOf(source.settings().port()));
        p.put("database.user", source.settings().user());
        p.put("database.password", source.settings().password());
        return p;
    }

    private static Properties loadEngineSettings() {
        Properties settings = new Properties();
        try (InputStream in = DebeziumChangeStream.class.getResourceAsStream(ENGINE_SETTINGS_RESOURCE)) {
            settings.load(requireNonNull(in, () -> ENGINE_SETTINGS_RESOURCE + " is missing from the classpath"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ENGINE_SETTINGS_RESOURCE, e);
        }
        return settings;
    }

    /** Writes {@code offset} into a fresh offset file the way the engine's own store would. */
    private static void seedOffsets(Path file, String engineName, ChangeOffset offset) {
        FileOffsetBackingStore store = KafkaConnectUtil.fileOffsetBackingStore();
        store.configure(new EmbeddedWorkerConfig(new HashMap<>(Map.of("offset.storage.file.filename", file.toString()))));
        store.start();
        try {
            OffsetStorageWriter writer = new OffsetStorageWriter(store, engineName, KafkaConnectUtil.converterForOffsetStore(),
                    KafkaConnectUtil.converterForOffsetStore());
            writer.offset(offset.partition(), offset.offset());
            writer.beginFlush(5, TimeUnit.SECONDS);
            writer.doFlush((error, result) -> {
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot prepare change data capture resume from "
                    + offset + ": " + e.getMessage(), e);
        } finally {
            store.stop();
        }
    }

    /** Called on Debezium's thread; waits while the queue is full. */
    private void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> events,
                             DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> batchCommitter) throws InterruptedException {
        committer.set(batchCommitter);
        for (ChangeEvent<SourceRecord, SourceRecord> event : events) {
            while (!queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new InterruptedException("Change stream closed");
                }
            }
        }
    }

    @Override
    public ChangeBatch poll(Duration timeout) {
        checkOpen();
        if (backlog.isEmpty()) {
            try {
                ChangeEvent<SourceRecord, SourceRecord> first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    checkOpen();
                    return new ChangeBatch(List.of(), null);
                }
                backlog.add(first);
                queue.drainTo(backlog, MAX_BATCH_EVENTS - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ChangeBatch(List.of(), null);
            }
        }
        return nextBatch();
    }

    /** Turns backlog events into one batch; stops early where a table's schema changes after rows of the old one. */
    private ChangeBatch nextBatch() {
        Map<TableId, List<Struct>> rows = new LinkedHashMap<>();
        Map<TableId, List<String>> ops = new HashMap<>();
        ChangeOffset offset = null;
        ChangeEvent<SourceRecord, SourceRecord> last = null;
        while (!backlog.isEmpty()) {
            ChangeEvent<SourceRecord, SourceRecord> event = backlog.peek();
            SourceRecord record = event.value();
            Change change = change(record);
            if (change != null) {
                Schema eventSchema = record.valueSchema();
                Schema known = eventSchemas.get(change.table);
                if (known != null && known != eventSchema && !known.equals(eventSchema)) {
                    if (rows.containsKey(change.table)) {
                        break; // the new schema starts the next batch
                    }
                    TableSchema drifted = source.describe().apply(schemas.get(change.table).table());
                    LOG.info("Schema of {} changed during change data capture: {}", change.table, drifted.columnNames());
                    schemas.put(change.table, drifted);
                }
                eventSchemas.put(change.table, eventSchema);
            }
            backlog.poll();
            if (change != null) {
                rows.computeIfAbsent(change.table, t -> new ArrayList<>()).add(change.row);
                ops.computeIfAbsent(change.table, t -> new ArrayList<>()).add(change.op);
                // Only changes set the batch offset: a heartbeat's position can sort after changes of a
                // transaction that started before the heartbeat and committed after it.
                offset = offsetOf(record);
                last = event;
            } else if (rows.isEmpty() && isHeartbeat(record)) {
                confirmIfIdle(event);
            }
        }
        if (offset == null) {
            return new ChangeBatch(List.of(), null);
        }
        List<ChangeBatch.TableChanges> tables = new ArrayList<>();
        rows.forEach((table, structs) -> tables.add(tableChanges(table, structs, ops.get(table))));
        synchronized (delivered) {
            delivered.add(new Delivered(offset, last));
        }
        return new ChangeBatch(tables, offset.json());
    }

    private record Change(TableId table, String op, Struct row) {
    }

    /** The change a record carries, or null for heartbeats, other tables and operations the platform has no use for. */
    private Change change(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null || value.schema().field("source") == null) {
            return null;
        }
        String op = value.getString("op");
        if (!List.of(ChangeBatch.READ, ChangeBatch.INSERT, ChangeBatch.UPDATE, ChangeBatch.DELETE).contains(op)) {
            return null; // truncate, logical decoding messages
        }
        TableId table = dialect.tableOf(value.getStruct("source"));
        if (!schemas.containsKey(table)) {
            return null;
        }
        Struct row = value.getStruct(op.equals(ChangeBatch.DELETE) ? "before" : "after");
        if (row == null && record.key() instanceof Struct key) {
            row = key;
        }
        return row == null ? null : new Change(table, op, row);
    }

    private ChangeOffset offsetOf(SourceRecord record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> partition = (Map<String, Object>) record.sourcePartition();
        @SuppressWarnings("unchecked")
        Map<String, Object> offset = (Map<String, Object>) record.sourceOffset();
        ChangeOffset result = new ChangeOffset(epoch, partition, offset, 0);
        return result.inSnapshot() ? new ChangeOffset(epoch, partition, offset, ++snapshotRows) : result;
    }

    private static boolean isHeartbeat(SourceRecord record) {
        return record.topic() != null && record.topic().startsWith("__debezium-heartbeat");
    }

    private ChangeBatch.TableChanges tableChanges(TableId table, List<Struct> structs, List<String> ops) {
        TableSchema schema = schemas.get(table);
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.add(OP);
        ColumnBatch.Builder batch = ColumnBatch.builder(columns, structs.size());
        int opIndex = columns.size() - 1;
        boolean keyOnlyDeletes = !fullDeleteImages.contains(table);
        for (int r = 0; r < structs.size(); r++) {
            Struct row = structs.get(r);
            boolean keyOnly = keyOnlyDeletes && ops.get(r).equals(ChangeBatch.DELETE);
            for (int c = 0; c < opIndex; c++) {
                Column column = columns.get(c);
                Field field = row.schema().field(column.name());
                if (field == null || (keyOnly && !schema.primaryKey().contains(column.name()))) {
                    continue; // a column added after this change, or not in a delete's before image
                }
                try {
                    batch.set(c, ChangeValues.convert(row.get(field), field.schema(), column.type()));
                } catch (RuntimeException e) {
                    throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot read change of "
                            + schema.table() + " column " + column.name() + " (" + column.type() + ") from "
                            + source.address() + ": " + e.getMessage(), e);
                }
            }
            batch.set(opIndex, ops.get(r));
            batch.endRow();
        }
        return new ChangeBatch.TableChanges(schema, batch.build());
    }

    @Override
    public void committed(String offset) {
        ChangeOffset committedOffset = ChangeOffset.parse(offset);
        Delivered upTo = null;
        synchronized (delivered) {
            while (!delivered.isEmpty() && order.compare(delivered.peek().offset(), committedOffset) <= 0) {
                upTo = delivered.poll();
            }
        }
        if (upTo != null) {
            confirm(upTo.last());
        }
    }

    /** A heartbeat's position is confirmed at once when every change before it has been committed. */
    private void confirmIfIdle(ChangeEvent<SourceRecord, SourceRecord> heartbeat) {
        synchronized (delivered) {
            if (!delivered.isEmpty()) {
                return;
            }
        }
        confirm(heartbeat);
    }

    /** Lets Debezium store and confirm the position of {@code event} (and everything before it) to the server. */
    private void confirm(ChangeEvent<SourceRecord, SourceRecord> event) {
        DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> c = committer.get();
        if (c == null || closed) {
            return;
        }
        try {
            synchronized (committer) {
                c.markProcessed(event);
                c.markBatchFinished();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Cannot confirm change data capture position of {} to {}: {}", source.address(),
                    event.value().sourceOffset(), e.toString());
        }
    }

    @Override
    public Comparator<String> offsetOrder() {
        return ChangeOffset.textOrder(order);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Change stream of " + source.address() + " is closed");
        }
        Throwable error = failure.get();
        if (error != null) {
            throw CdcErrors.translate(source, error);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot stop change data capture of {} cleanly: {}", source.address(), e.toString());
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                LOG.warn("Change data capture of {} did not stop within {}", source.address(), STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        queue.clear();
        deleteQuietly(dir);
        LOG.info("Change data capture of {} stopped", source.address());
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", dir, e.toString());
        }
    }
}
