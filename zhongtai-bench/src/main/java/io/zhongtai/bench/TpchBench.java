package io.zhongtai.bench;

import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.Session;
import io.zhongtai.testkit.tpch.TpchAnswers;
import io.zhongtai.testkit.tpch.TpchData;
import io.zhongtai.testkit.tpch.TpchQueries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.zhongtai.bench.Bench.deleteRecursively;
import static io.zhongtai.bench.Bench.median;
import static io.zhongtai.bench.Bench.millis;
import static io.zhongtai.bench.Bench.option;
import static io.zhongtai.bench.Bench.rows;
import static io.zhongtai.bench.Bench.seconds;

/**
 * TPC-H through Zhongtai against DuckDB directly, in one run on one machine:
 * <ol>
 * <li>generate TPC-H CSVs (io.trino.tpch, cached in the work directory);</li>
 * <li>load them into {@code ods} with {@code load} (lineitem timed against DuckDB's own read_csv → Parquet);</li>
 * <li>run Q1–Q22 through Zhongtai's SQL engine and through a plain DuckDB over the same Parquet files,
 *     median of {@code runs} runs each, answers compared;</li>
 * <li>time the cold {@code ./zhongtai sql "select 1"} when the launcher has been built.</li>
 * </ol>
 * Usage: {@code TpchBench [--sf 1] [--dir target/tpch-bench] [--runs 3]}.
 */
public final class TpchBench {
    private TpchBench() {
    }

    public static void main(String[] args) throws Exception {
        double sf = Double.parseDouble(option(args, "--sf", "1"));
        Path dir = Path.of(option(args, "--dir", "target/tpch-bench")).toAbsolutePath();
        int runs = Integer.parseInt(option(args, "--runs", "3"));
        Map<String, Path> csv = TpchTables.csvs(dir, sf);
        Path home = dir.resolve("home");
        deleteRecursively(home);
        Session session = Session.of(Identity.localUser());
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of())) {
            TpchTables.Loaded lineitem = TpchTables.load(platform, session, csv).get("lineitem");
            long lineitemNanos = lineitem.nanos();
            long lineitemRows = lineitem.result().rows();
            long duckLoad = duckDbCsvToParquet(csv.get("lineitem"), dir.resolve("duckdb-lineitem.parquet"));
            double csvMiB = Files.size(csv.get("lineitem")) / 1048576.0;
            System.out.printf("%nlineitem CSV (%.0f MiB) -> Parquet: Zhongtai load %s (%.1f MiB/s, %,.0f rows/s), DuckDB read_csv->COPY %s (%.1f MiB/s); ratio %.2f (target >= 0.80)%n",
                    csvMiB, seconds(lineitemNanos), csvMiB / (lineitemNanos / 1e9), lineitemRows / (lineitemNanos / 1e9),
                    seconds(duckLoad), csvMiB / (duckLoad / 1e9), (double) duckLoad / lineitemNanos);

            try (Connection direct = DriverManager.getConnection("jdbc:duckdb:")) {
                defineDirectViews(platform, session, direct);
                long zhongtaiTotal = 0;
                long duckTotal = 0;
                System.out.printf("%n%-4s %12s %12s %7s%n", "q", "zhongtai", "duckdb", "ratio");
                for (int n = 1; n <= TpchQueries.COUNT; n++) {
                    String sql = TpchQueries.query(n, "ods");
                    List<List<Object>> expected = new ArrayList<>();
                    long duck = median(runs, () -> {
                        expected.clear();
                        try (Statement s = direct.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                            expected.addAll(TpchAnswers.rows(rs));
                        }
                    });
                    List<List<Object>> actual = new ArrayList<>();
                    long zt = median(runs, () -> {
                        actual.clear();
                        actual.addAll(rows(platform, session, sql));
                    });
                    String diff = TpchAnswers.diff(expected, actual);
                    if (diff != null) {
                        throw new IllegalStateException("Q" + n + " answers differ: " + diff);
                    }
                    zhongtaiTotal += zt;
                    duckTotal += duck;
                    System.out.printf("Q%-3d %12s %12s %7.2f%n", n, millis(zt), millis(duck), (double) zt / duck);
                }
                System.out.printf("%-4s %12s %12s %7.2f  (target <= 1.15)%n", "sum", millis(zhongtaiTotal), millis(duckTotal),
                        (double) zhongtaiTotal / duckTotal);
            }
        }
        coldSelectOne(runs);
    }

    /** A plain DuckDB over exactly the Parquet files of each table's current snapshot. */
    private static void defineDirectViews(Platform platform, Session session, Connection direct) throws Exception {
        try (Statement s = direct.createStatement()) {
            s.execute("CREATE SCHEMA ods");
            for (String table : TpchData.TABLES) {
                List<FileInfo> files = platform.sessions().files(session, new TableName("ods", table));
                String list = files.stream().map(f -> TypeMapping.literal(f.path())).collect(Collectors.joining(", ", "[", "]"));
                s.execute("CREATE VIEW ods." + table + " AS SELECT * FROM read_parquet(" + list + ")");
            }
        }
    }

    private static long duckDbCsvToParquet(Path csv, Path out) throws Exception {
        Files.deleteIfExists(out);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long t = System.nanoTime();
            s.execute("COPY (SELECT * FROM read_csv(" + TypeMapping.literal(csv.toString()) + ")) TO "
                    + TypeMapping.literal(out.toString()) + " (FORMAT parquet, COMPRESSION zstd)");
            return System.nanoTime() - t;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void coldSelectOne(int runs) throws Exception {
        Path launcher = Path.of("zhongtai").toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            launcher = Path.of("..", "zhongtai").toAbsolutePath().normalize();
        }
        if (!Files.isExecutable(launcher) || !Files.exists(launcher.resolveSibling("zhongtai-cli/target/lib"))) {
            System.out.println("\ncold `zhongtai sql \"select 1\"`: skipped (build the CLI first: ./zhongtai --version)");
            return;
        }
        Path home = Files.createTempDirectory("zt-cold");
        run(launcher, home); // first run creates the home and its database
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            run(launcher, home);
            times[i] = System.nanoTime() - t;
        }
        Arrays.sort(times);
        System.out.printf("%ncold `zhongtai sql \"select 1\"`: median %s of %d runs (target <= 2 s); all: %s%n", seconds(times[runs / 2]),
                runs, Arrays.stream(times).mapToObj(Bench::seconds).collect(Collectors.joining(", ")));
    }

    private static void run(Path launcher, Path home) throws Exception {
        Process p = new ProcessBuilder(launcher.toString(), "--home", home.toString(), "sql", "select 1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("zhongtai sql failed with exit code " + p.exitValue());
        }
    }
}
