package io.zhongtai.bench.sync;

import io.zhongtai.bench.Bench;
import io.zhongtai.core.Platform;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;
import io.zhongtai.testkit.TestingPostgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Commit-to-queryable latency of CDC: a writer commits inserts and updates to a PostgreSQL table (wal_level=logical)
 * at a fixed rate; the platform follows the table in CDC mode on a background thread; a probe asks the lakehouse
 * table through the platform's SQL session every ~100 ms for the newest change it holds.
 *
 * <p>Every change gets the next {@code change_id} and carries its commit time in {@code committed_at} (taken just
 * before the transaction's statements run, so the latency is over- rather than under-stated by the few ms the
 * transaction takes). Changes are applied in commit order, so once the probe sees {@code max(change_id) >= n},
 * change {@code n} is queryable (or superseded by a later update of the same row, which is then queryable). Its
 * latency is the time the probe's query returned minus its commit time: it includes up to one probe interval.
 */
public final class CdcLatency {
    private static final String SOURCE = "cdc";
    private static final String TABLE = "public.events";
    private static final TableName TARGET = new TableName("ods", SOURCE + "_events");
    private static final int INITIAL_ROWS = 10_000;
    private static final long PROBE_INTERVAL_NANOS = 100_000_000;
    /** At most this many changes go into one source transaction (the writer catches up in bursts after a stall). */
    private static final int MAX_TRANSACTION = 500;

    /** What was measured. */
    public record Result(int targetRate, double achievedRate, long changes, long seen, double writerSeconds, long[] latencyMillis,
                         long tableRows, long sourceRows, Map<String, Object> extra) {
        public long percentile(double p) {
            long[] sorted = latencyMillis.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }

        Result with(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(extra);
            more.put(key, value);
            return new Result(targetRate, achievedRate, changes, seen, writerSeconds, latencyMillis, tableRows, sourceRows, more);
        }

        /** Whether every change reached the lakehouse and the table holds exactly the source's rows. */
        public boolean rowsMatch() {
            return seen == changes && tableRows == sourceRows;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("target_changes_per_s", targetRate);
            json.put("achieved_changes_per_s", Math.round(achievedRate));
            json.put("changes", changes);
            json.put("changes_seen_in_lakehouse", seen);
            json.put("writer_s", writerSeconds);
            Map<String, Long> latency = new LinkedHashMap<>();
            latency.put("p50", percentile(50));
            latency.put("p95", percentile(95));
            latency.put("p99", percentile(99));
            latency.put("max", percentile(100));
            json.put("latency_ms", latency);
            json.put("lakehouse_rows", tableRows);
            json.put("source_rows", sourceRows);
            json.put("rows_match", rowsMatch());
            json.putAll(extra);
            return json;
        }
    }

    private CdcLatency() {
    }

    public static Result run(Platform platform, Session session, int rate, int seconds) throws Exception {
        try (TestingPostgres postgres = TestingPostgres.withLogicalReplication()) {
            String url = postgres.createDatabase();
            try (Connection c = DriverManager.getConnection(url, postgres.user(), ""); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, change_id bigint NOT NULL, committed_at timestamptz NOT NULL,"
                        + " amount numeric(12,2) NOT NULL, payload varchar(100) NOT NULL)");
                s.execute("INSERT INTO " + TABLE + " SELECT i, 0, now(), i % 1000, repeat('x', 80) FROM generate_series(1, " + INITIAL_ROWS + ") i");
            }
            String database = url.substring(url.lastIndexOf('/') + 1);
            platform.integration().addSource(session, SOURCE, "postgres", PostgresSource.options(postgres.port(), database, postgres.user()),
                    PostgresSource.secrets(), "SyncBench CDC latency");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread sync = new Thread(() -> {
                try {
                    outcome.set(platform.integration().sync(session, new SyncRequest(SOURCE, List.of(TABLE), false, "ods", SyncMode.CDC,
                            Optional.empty(), 1, true, null), SyncListener.NONE, stop));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            }, "cdc-sync");
            sync.start();
            Result measured;
            try {
                long t = System.nanoTime();
                awaitSnapshot(platform, session, sync, outcome);
                System.out.printf("  [cdc] initial snapshot of %,d rows queryable after %s%n", INITIAL_ROWS, Bench.seconds(System.nanoTime() - t));
                measured = measure(platform, session, url, postgres.user(), rate, seconds, sync, outcome);
            } finally {
                stop.set(true);
                sync.join(120_000);
            }
            return measured.with("sync_outcome", describe(outcome.get()));
        }
    }

    private static void awaitSnapshot(Platform platform, Session session, Thread sync, AtomicReference<Object> outcome) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (queryable(platform, session, "SELECT count(*) FROM " + TARGET) < INITIAL_ROWS) {
            if (!sync.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("CDC sync of " + TABLE + " did not make its initial snapshot queryable within 180 s: "
                        + describe(outcome.get()));
            }
            Thread.sleep(200);
        }
    }

    private static Result measure(Platform platform, Session session, String url, String user, int rate, int seconds, Thread sync,
                                  AtomicReference<Object> outcome) throws Exception {
        long total = (long) rate * seconds;
        AtomicLongArray committedMicros = new AtomicLongArray((int) total + 1);
        long[] latency = new long[(int) total + 1];
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicReference<Exception> writerError = new AtomicReference<>();
        long[] writerNanos = new long[1];
        Thread writer = new Thread(() -> {
            try {
                writerNanos[0] = write(url, user, rate, total, committedMicros);
            } catch (Exception e) {
                writerError.set(e);
            } finally {
                writerDone.set(true);
            }
        }, "cdc-writer");
        writer.start();
        long nextUnseen = 1;
        long probes = 0;
        long probeNanos = 0;
        long drainDeadline = Long.MAX_VALUE;
        while (nextUnseen <= total) {
            long start = System.nanoTime();
            long max = queryable(platform, session, "SELECT max(change_id) FROM " + TARGET);
            long seenMicros = micros(Instant.now());
            probeNanos += System.nanoTime() - start;
            probes++;
            for (; nextUnseen <= max; nextUnseen++) {
                latency[(int) nextUnseen] = (seenMicros - committedMicros.get((int) nextUnseen)) / 1000;
            }
            if (writerError.get() != null) {
                throw new IllegalStateException("The CDC writer failed: " + writerError.get(), writerError.get());
            }
            if (!sync.isAlive()) {
                throw new IllegalStateException("The CDC sync stopped while changes were being written: " + describe(outcome.get()));
            }
            if (writerDone.get() && drainDeadline == Long.MAX_VALUE) {
                drainDeadline = System.nanoTime() + 60_000_000_000L;
            }
            if (System.nanoTime() > drainDeadline) {
                break;
            }
            LockSupport.parkNanos(Math.max(0, PROBE_INTERVAL_NANOS - (System.nanoTime() - start)));
        }
        writer.join();
        long seen = nextUnseen - 1;
        long tableRows = Bench.longValue(platform, session, "SELECT count(*) FROM " + TARGET);
        long sourceRows;
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            sourceRows = rs.getLong(1);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("probes", probes);
        extra.put("probe_query_mean_ms", probes == 0 ? 0 : probeNanos / probes / 1_000_000.0);
        extra.put("commit_interval", "SyncRequest default (1 s)");
        return new Result(rate, total / (writerNanos[0] / 1e9), total, seen, writerNanos[0] / 1e9, Arrays.copyOfRange(latency, 1, (int) seen + 1),
                tableRows, sourceRows, extra);
    }

    /**
     * Commits {@code total} changes at {@code rate} per second: half insert new rows, half update random existing
     * rows (an upsert decides), each with its change id and commit time. Returns how long writing took.
     */
    private static long write(String url, String user, int rate, long total, AtomicLongArray committedMicros) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        try (Connection c = DriverManager.getConnection(url, user, "");
                PreparedStatement upsert = c.prepareStatement("INSERT INTO " + TABLE + " (id, change_id, committed_at, amount, payload)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET change_id = excluded.change_id,"
                        + " committed_at = excluded.committed_at, amount = excluded.amount, payload = excluded.payload")) {
            c.setAutoCommit(false);
            long nextId = INITIAL_ROWS + 1;
            long written = 0;
            long start = System.nanoTime();
            while (written < total) {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                if (due <= written) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                int n = (int) Math.min(MAX_TRANSACTION, due - written);
                Instant now = Instant.now();
                Timestamp committedAt = Timestamp.from(now);
                for (int i = 0; i < n; i++) {
                    long changeId = written + i + 1;
                    long id = random.nextBoolean() ? nextId++ : 1 + random.nextLong(nextId - 1);
                    upsert.setLong(1, id);
                    upsert.setLong(2, changeId);
                    upsert.setTimestamp(3, committedAt);
                    upsert.setBigDecimal(4, BigDecimal.valueOf(random.nextInt(1_000_000), 2));
                    upsert.setString(5, "change " + changeId + " of row " + id);
                    upsert.addBatch();
                    committedMicros.set((int) changeId, micros(now));
                }
                upsert.executeBatch();
                c.commit();
                written += n;
            }
            return System.nanoTime() - start;
        }
    }

    /** The value of a one-value query on the lakehouse table, or -1 while the sync has not created it yet. */
    private static long queryable(Platform platform, Session session, String sql) {
        return platform.lakehouse().tableExists(TARGET) ? Bench.longValue(platform, session, sql) : -1;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static String describe(Object outcome) {
        if (outcome instanceof SyncResult r) {
            return "sync ended " + r.status() + ", " + r.rows() + " rows" + r.tables().stream().filter(t -> t.error() != null)
                    .map(t -> "; " + t.sourceTable() + ": " + t.error()).collect(Collectors.joining());
        }
        return outcome instanceof Exception e ? e.toString() : "still running";
    }
}
