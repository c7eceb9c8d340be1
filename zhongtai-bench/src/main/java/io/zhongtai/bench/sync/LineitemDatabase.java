package io.zhongtai.bench.sync;

import io.zhongtai.testkit.TestingPostgres;
import io.zhongtai.testkit.tpch.TpchData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static io.zhongtai.bench.Bench.seconds;
import static java.util.Objects.requireNonNull;

/**
 * An embedded PostgreSQL holding TPC-H {@code public.lineitem} with primary key (l_orderkey, l_linenumber), loaded
 * with {@code COPY FROM} the CSV that {@link TpchData} generates (cached as {@code <dir>/csv-sf<sf>/lineitem.csv}).
 */
public final class LineitemDatabase implements AutoCloseable {
    public static final String TABLE = "public.lineitem";

    private final TestingPostgres postgres;
    private final String url;
    private final long rows;

    private LineitemDatabase(TestingPostgres postgres, String url, long rows) {
        this.postgres = postgres;
        this.url = url;
        this.rows = rows;
    }

    public static LineitemDatabase start(Path dir, double sf) throws Exception {
        requireNonNull(dir, "dir is null");
        Path csv = dir.resolve("csv-sf" + sf).resolve("lineitem.csv");
        if (!Files.exists(csv)) {
            Files.createDirectories(csv.getParent());
            long t = System.nanoTime();
            TpchData.writeCsv("lineitem", csv, sf, true);
            System.out.printf("generated TPC-H SF %s lineitem CSV in %s%n", sf, seconds(System.nanoTime() - t));
        }
        TestingPostgres postgres = new TestingPostgres();
        try {
            String url = postgres.createDatabase();
            long t = System.nanoTime();
            long rows;
            try (Connection c = DriverManager.getConnection(url, postgres.user(), ""); Statement s = c.createStatement()) {
                s.execute(TpchData.createTableDdl("public", "lineitem"));
                // Server-side COPY reads the file directly; the key is built once after the load, which is faster.
                rows = s.executeUpdate("COPY " + TABLE + " (" + String.join(", ", TpchData.columnNames("lineitem"))
                        + ") FROM '" + csv.toAbsolutePath().toString().replace("'", "''") + "' WITH (FORMAT csv, HEADER true)");
                s.execute("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (l_orderkey, l_linenumber)");
                // Sets hint bits and the visibility map now, so the first measured read does not pay for them.
                s.execute("VACUUM (FREEZE, ANALYZE) " + TABLE);
            }
            System.out.printf("loaded %,d rows into PostgreSQL %s with COPY FROM %s in %s%n", rows, TABLE, csv, seconds(System.nanoTime() - t));
            return new LineitemDatabase(postgres, url, rows);
        } catch (Exception | Error e) {
            postgres.close();
            throw e;
        }
    }

    public String url() {
        return url;
    }

    public String database() {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    public int port() {
        return postgres.port();
    }

    public String user() {
        return postgres.user();
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
