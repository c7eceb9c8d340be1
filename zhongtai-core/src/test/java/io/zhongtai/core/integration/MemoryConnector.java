package io.zhongtai.core.integration;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.ChangeBatch;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source held in the test's memory, implementing the connector SPI exactly (splits by key range, cursor reads,
 * a message log with positions and acknowledgements, a change log with offsets), so the sync engine's semantics
 * (replace, upsert, drift, resume, no loss and no duplicates) can be tested deterministically. Real connectors are
 * tested against real servers in their own modules.
 */
public final class MemoryConnector implements Connector {
    /** Tables by name; rows are lists in column order; the first column is an integer key when keyed. */
    static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

    static final class Table {
        volatile List<Column> columns;
        final List<String> primaryKey;
        final List<List<Object>> rows = new ArrayList<>();
        /** The message log (streams) and change log (CDC): each entry is a row with an op. */
        final List<List<Object>> log = new ArrayList<>();
        final List<String> ops = new ArrayList<>();
        volatile long acknowledged = -1;

        Table(List<Column> columns, List<String> primaryKey) {
            this.columns = List.copyOf(columns);
            this.primaryKey = List.copyOf(primaryKey);
        }

        synchronized void change(String op, List<Object> row) {
            log.add(row);
            ops.add(op);
        }
    }

    public static final class Factory implements ConnectorFactory {
        @Override
        public String name() {
            return "memory";
        }

        @Override
        public String description() {
            return "In-memory test source";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.string("token", "A secret, to test masking").asSecret(),
                    OptionSpec.integer("fail-after", -1, "Throw after this many batches (simulated crash)"));
        }

        @Override
        public Connector create(ConnectorConfig config, ConnectorContext context) {
            return new MemoryConnector(config.getInt("fail-after"));
        }
    }

    private final int failAfter;
    private int batches;

    private MemoryConnector(int failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BROWSE, Capability.BATCH_READ, Capability.PARALLEL_SPLITS, Capability.INCREMENTAL, Capability.CDC);
    }

    @Override
    public void testConnection(Duration timeout) {
    }

    @Override
    public List<String> listNamespaces() {
        return List.of("main");
    }

    @Override
    public List<TableId> listTables(String namespace) {
        return TABLES.keySet().stream().filter(n -> !n.startsWith("topic_")).sorted().map(n -> new TableId("main", n)).toList();
    }

    private static Table table(TableId id) {
        Table t = TABLES.get(id.name());
        if (t == null) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "Table does not exist: " + id);
        }
        return t;
    }

    @Override
    public TableSchema describe(TableId id) {
        return new TableSchema(new TableId("main", id.name()), table(id).columns, table(id).primaryKey);
    }

    @Override
    public List<Split> planSplits(TableSchema schema, ReadSpec spec, int maxSplits) {
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < maxSplits; i++) {
            splits.add(new Split(String.valueOf(i), Map.of("part", String.valueOf(i), "of", String.valueOf(maxSplits)), -1));
        }
        return splits;
    }

    @Override
    public BatchReader openReader(TableSchema schema, Split split, ReadSpec spec) {
        Table t = table(schema.table());
        int part = Integer.parseInt(split.properties().get("part"));
        int of = Integer.parseInt(split.properties().get("of"));
        List<List<Object>> rows;
        synchronized (t) {
            rows = new ArrayList<>(t.rows);
        }
        ColumnBatch.Builder b = ColumnBatch.builder(t.columns, Math.max(1, rows.size()));
        for (int r = 0; r < rows.size(); r++) {
            if (r % of != part || !inRange(t, rows.get(r), spec)) {
                continue;
            }
            for (int c = 0; c < t.columns.size(); c++) {
                b.set(c, c < rows.get(r).size() ? rows.get(r).get(c) : null);
            }
            b.endRow();
        }
        ColumnBatch batch = b.build();
        return new BatchReader() {
            boolean done;

            @Override
            public Batch next() {
                maybeFail();
                if (done) {
                    return null;
                }
                done = true;
                return batch;
            }

            @Override
            public void close() {
            }
        };
    }

    private static boolean inRange(Table t, List<Object> row, ReadSpec spec) {
        if (spec.cursor().isEmpty()) {
            return true;
        }
        ReadSpec.CursorRange range = spec.cursor().get();
        long v = ((Number) row.get(indexOf(t, range.column()))).longValue();
        return (range.after() == null || v > Long.parseLong(range.after())) && (range.upTo() == null || v <= Long.parseLong(range.upTo()));
    }

    private static int indexOf(Table t, String column) {
        for (int i = 0; i < t.columns.size(); i++) {
            if (t.columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }

    @Override
    public Optional<String> maxCursorValue(TableSchema schema, String column) {
        Table t = table(schema.table());
        synchronized (t) {
            return t.rows.stream().map(r -> ((Number) r.get(indexOf(t, column))).longValue()).max(Long::compare).map(String::valueOf);
        }
    }

    private void maybeFail() {
        if (failAfter >= 0 && batches++ >= failAfter) {
            throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, "simulated crash after " + failAfter + " batches");
        }
    }

    @Override
    public Comparator<String> changeOffsetOrder() {
        return Comparator.comparingLong(Long::parseLong);
    }

    /** CDC over the change logs: snapshot rows first (op r) when there is no offset, then log entries after the offset. */
    @Override
    public ChangeStream openChangeStream(List<TableId> tables, Optional<String> offset) {
        return new ChangeStream() {
            long next = offset.map(o -> Long.parseLong(o) + 1).orElse(0L);
            boolean snapshotDone = offset.isPresent();

            @Override
            public ChangeBatch poll(Duration timeout) {
                maybeFail();
                List<ChangeBatch.TableChanges> out = new ArrayList<>();
                long end = next;
                for (TableId id : tables) {
                    Table t = table(id);
                    List<Column> columns = new ArrayList<>(t.columns);
                    columns.add(Column.of(ChangeBatch.OP_COLUMN, DataType.STRING));
                    ColumnBatch.Builder b = ColumnBatch.builder(columns, 10_000);
                    synchronized (t) {
                        if (!snapshotDone) {
                            for (List<Object> row : t.rows) {
                                add(b, t, row, ChangeBatch.READ);
                            }
                        } else {
                            // one log position counter across the table's log
                            for (long i = next; i < t.log.size() && b.rowCount() < 3; i++) {
                                add(b, t, t.log.get((int) i), t.ops.get((int) i));
                                end = Math.max(end, i + 1);
                            }
                        }
                    }
                    out.add(new ChangeBatch.TableChanges(describe(id), b.build()));
                }
                String batchOffset;
                if (!snapshotDone) {
                    snapshotDone = true;
                    batchOffset = String.valueOf(next - 1);
                } else {
                    batchOffset = String.valueOf(end - 1);
                    next = end;
                }
                return new ChangeBatch(out, batchOffset);
            }

            private void add(ColumnBatch.Builder b, Table t, List<Object> row, String op) {
                for (int c = 0; c < t.columns.size(); c++) {
                    b.set(c, c < row.size() ? row.get(c) : null);
                }
                b.set(t.columns.size(), op);
                b.endRow();
            }

            @Override
            public void committed(String offset) {
            }

            @Override
            public Comparator<String> offsetOrder() {
                return changeOffsetOrder();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }

    static Table create(String name, List<Column> columns, List<String> key) {
        Table t = new Table(columns, key);
        TABLES.put(name, t);
        return t;
    }
}
