package io.zhongtai.bench.sync;

import io.zhongtai.bench.Bench;
import io.zhongtai.core.Platform;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Zhongtai's full sync of the lineitem table into {@code ods}, end to end and in-process through the platform API
 * ({@code integration().sync}, connector type {@code postgres}): plan splits, read them in parallel, write Parquet,
 * commit to Iceberg. Every run replaces the table's rows; each run's row count is checked with a query.
 */
public final class ZhongtaiFullSync implements Contender {
    private static final String SOURCE = "pg";
    private static final TableName TARGET = new TableName("ods", SOURCE + "_lineitem");

    private final Platform platform;
    private final Session session;
    private final LineitemDatabase db;
    private final int parallelism;
    private final long volumeBytes;
    private final List<Map<String, Object>> phases = new ArrayList<>();

    /** Registers the database as source {@code pg}. */
    public ZhongtaiFullSync(Platform platform, Session session, LineitemDatabase db, int parallelism, long volumeBytes) {
        this.platform = requireNonNull(platform, "platform is null");
        this.session = requireNonNull(session, "session is null");
        this.db = requireNonNull(db, "db is null");
        this.parallelism = parallelism;
        this.volumeBytes = volumeBytes;
        platform.integration().addSource(session, SOURCE, "postgres", PostgresSource.options(db.port(), db.database(), db.user()),
                PostgresSource.secrets(), "TPC-H lineitem for SyncBench");
    }

    @Override
    public String part() {
        return "zhongtai";
    }

    @Override
    public long run(int round) {
        Phases phases = new Phases(System.nanoTime());
        SyncResult result = platform.integration().sync(session, new SyncRequest(SOURCE, List.of(LineitemDatabase.TABLE), false,
                "ods", SyncMode.FULL, Optional.empty(), parallelism, false, null), phases, new AtomicBoolean());
        long took = System.nanoTime() - phases.start;
        long counted = Bench.longValue(platform, session, "SELECT count(*) FROM " + TARGET);
        if (!result.succeeded() || result.rows() != db.rows() || counted != db.rows()) {
            throw new IllegalStateException("Zhongtai's full sync of " + LineitemDatabase.TABLE + " into " + TARGET + " gave "
                    + result.status() + ", " + result.rows() + " rows read, " + counted + " rows in the table; expected " + db.rows());
        }
        this.phases.add(phases.toJson(took));
        return took;
    }

    /** When, after the call started, the first and the last rows were converted to Parquet and the commit landed. */
    private static final class Phases implements SyncListener {
        final long start;
        final AtomicLong firstRows = new AtomicLong();
        final AtomicLong lastRows = new AtomicLong();
        final AtomicLong committed = new AtomicLong();

        Phases(long start) {
            this.start = start;
        }

        @Override
        public void rowsRead(long rows) {
            long now = System.nanoTime();
            firstRows.compareAndSet(0, now);
            lastRows.set(now);
        }

        @Override
        public void committed(String targetTable, long rows, long snapshotId) {
            committed.set(System.nanoTime());
        }

        Map<String, Object> toJson(long took) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("first_rows_s", (firstRows.get() - start) / 1e9);
            json.put("last_rows_s", (lastRows.get() - start) / 1e9);
            json.put("committed_s", (committed.get() - start) / 1e9);
            json.put("returned_s", took / 1e9);
            return json;
        }
    }

    @Override
    public Throughput result(long[] runNanos) throws Exception {
        ParquetCount files = ParquetCount.of(platform.sessions().files(session, TARGET).stream().map(f -> Path.of(f.path())).toList());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("parquet_bytes", files.bytes());
        extra.put("parquet_compression", files.compression());
        extra.put("rows_checked", "SELECT count(*) FROM " + TARGET + " after every run");
        extra.put("phases_per_run", phases);
        return new Throughput("Zhongtai full sync", "integration().sync(postgres source, " + LineitemDatabase.TABLE
                + ", mode full, parallelism " + parallelism + ") -> Iceberg table " + TARGET + " (Parquet zstd), in-process",
                runNanos, db.rows(), volumeBytes, extra);
    }
}
