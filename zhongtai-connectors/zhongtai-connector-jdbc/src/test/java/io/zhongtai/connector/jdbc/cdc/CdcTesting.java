package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ChangeBatch;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.TableSchema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reading change streams in the CDC tests. */
final class CdcTesting {
    private CdcTesting() {
    }

    /** One captured row: the table, the operation and the values by column name (without {@code _op}). */
    record Change(String table, String op, Map<String, Object> values) {
        Object get(String column) {
            return values.get(column);
        }

        /** (key, op, value) for set comparisons. */
        String brief(String key, String value) {
            return values.get(key) + "/" + op + "/" + values.get(value);
        }
    }

    /** What {@link #read} collected: the changes in order, the last offset and the schemas seen. */
    record Read(List<Change> changes, String offset, List<TableSchema> schemas) {
        Set<String> briefs(String key, String value) {
            return changes.stream().map(c -> c.brief(key, value)).collect(Collectors.toSet());
        }
    }

    /** Polls until {@code expected} changes arrived (fails after {@code timeout}), then a little longer for extras. */
    static Read read(ChangeStream stream, int expected, Duration timeout) {
        List<Change> changes = new ArrayList<>();
        List<TableSchema> schemas = new ArrayList<>();
        String offset = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            ChangeBatch batch = stream.poll(Duration.ofMillis(100));
            for (ChangeBatch.TableChanges tc : batch.tables()) {
                schemas.add(tc.schema());
                ColumnBatch rows = tc.rows();
                int op = rows.columns().size() - 1;
                if (!rows.columns().get(op).name().equals(ChangeBatch.OP_COLUMN)) {
                    throw new AssertionError("Last column is not " + ChangeBatch.OP_COLUMN + ": " + rows.columns());
                }
                for (int r = 0; r < rows.rowCount(); r++) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int c = 0; c < op; c++) {
                        values.put(rows.columns().get(c).name(), rows.get(c, r));
                    }
                    changes.add(new Change(tc.schema().table().toString(), (String) rows.get(op, r), values));
                }
            }
            if (!batch.isEmpty()) {
                offset = batch.offset();
            }
            if (changes.size() >= expected && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
            }
        }
        if (changes.size() < expected) {
            throw new AssertionError("Expected " + expected + " changes within " + timeout + ", got " + changes.size()
                    + ": " + changes);
        }
        return new Read(changes, offset, schemas);
    }

    /** The live threads now, to compare with {@link #threadsStartedSince}. */
    static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /**
     * Threads started since {@code before} that are still alive after waiting up to 3 s for them to end (threads of
     * the JVM and the JDBC drivers' cleaners excepted).
     */
    static List<String> threadsStartedSince(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<String> left;
        do {
            Thread.sleep(100);
            left = liveThreads().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName)
                    .filter(n -> !n.startsWith("ForkJoinPool") && !n.contains("Cleaner") && !n.equals("process reaper")
                            && !n.startsWith("Attach Listener"))
                    .toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        return left;
    }
}
