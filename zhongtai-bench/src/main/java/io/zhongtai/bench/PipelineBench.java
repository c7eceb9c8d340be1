package io.zhongtai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.quality.QualityReport;
import io.zhongtai.pipeline.quality.QualityRule;
import io.zhongtai.pipeline.quality.QualityRunner;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.testkit.tpch.TpchData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.zhongtai.bench.Bench.deleteRecursively;
import static io.zhongtai.bench.Bench.execute;
import static io.zhongtai.bench.Bench.median;
import static io.zhongtai.bench.Bench.millis;
import static io.zhongtai.bench.Bench.option;
import static io.zhongtai.bench.Bench.seconds;

/**
 * Pipelines, in one run on one machine:
 * <ol>
 * <li><b>Quality rules against a full scan.</b> TPC-H lineitem (generated CSV, cached) is loaded into
 *     {@code ods.lineitem}. Ten quality rules are checked through the platform ({@code QualityRunner} over the SQL
 *     session: Iceberg planning, sandbox, DuckDB; a probe of the unique key's range, then one fused scan), against one plain DuckDB full scan of the same Parquet files that
 *     reads every column ({@code count(col)} and {@code max(col)} of each). Median of {@code runs} each, interleaved.
 *     Target: rules ≤ 2× the scan.</li>
 * <li><b>Scheduling overhead.</b> A pipeline of 20 chained sql nodes is applied and run; its wall time minus the
 *     time its 20 statements take when run alone through the same session is the overhead, per node. Target
 *     ≤ 200 ms per node.</li>
 * </ol>
 * Usage: {@code PipelineBench [--sf 1] [--dir target/pipeline-bench] [--runs 3]}; figures also go to
 * {@code <dir>/pipeline-bench-<time>.json}.
 */
public final class PipelineBench {
    private static final int NODES = 20;
    private static final String RULES = """
            - {type: not_null, column: l_orderkey}
            - {type: not_null, column: l_partkey}
            - {type: unique, columns: [l_orderkey, l_linenumber]}
            - {type: accepted_values, column: l_returnflag, values: [A, N, R]}
            - {type: accepted_values, column: l_linestatus, values: [O, F]}
            - {type: range, column: l_quantity, min: 1, max: 50}
            - {type: range, column: l_discount, min: 0, max: 0.1}
            - {type: regex, column: l_shipmode, pattern: '^[A-Z ]+$'}
            - {type: row_count, min: 1}
            - {type: freshness, column: l_shipdate, max_age: 20000d}
            """;

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        double sf = Double.parseDouble(option(args, "--sf", "1"));
        Path dir = Path.of(option(args, "--dir", "target/pipeline-bench")).toAbsolutePath();
        int runs = Integer.parseInt(option(args, "--runs", "3"));
        Path csv = dir.resolve("csv-sf" + sf).resolve("lineitem.csv");
        if (!Files.exists(csv)) {
            Files.createDirectories(csv.getParent());
            TpchData.writeCsv("lineitem", csv, sf, true);
        }
        Path home = dir.resolve("home");
        deleteRecursively(home);
        Session session = Session.of(Identity.localUser());
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of())) {
            execute(platform, session, TpchData.createTableDdl("ods", "lineitem"));
            long t = System.nanoTime();
            long rows = platform.sessions().load(session, new LoadRequest(new TableName("ods", "lineitem"), List.of(csv.toString()), "csv",
                    LoadRequest.Mode.APPEND, false, 0, null, null), ProgressListener.NONE).rows();
            System.out.printf("loaded %,d lineitem rows in %s%n", rows, seconds(System.nanoTime() - t));
            figures.put("lineitem_rows", rows);
            qualityAgainstScan(platform, session, runs, figures);
            schedulingOverhead(platform, session, runs, figures);
        }
        Path out = dir.resolve("pipeline-bench-" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        Files.writeString(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        System.out.println("figures written to " + out);
    }

    private static void qualityAgainstScan(Platform platform, Session session, int runs, Map<String, Object> figures) throws Exception {
        TableName lineitem = new TableName("ods", "lineitem");
        List<QualityRule> rules = QualityRule.parseAll(YamlDocument.parse("rules.yaml", RULES).root());
        List<FileInfo> files = platform.sessions().files(session, lineitem);
        String parquet = files.stream().map(f -> TypeMapping.literal(f.path())).collect(Collectors.joining(", ", "[", "]"));
        List<String> columns = platform.lakehouse().table(lineitem).schema().columns().stream().map(c -> TypeMapping.quote(c.name())).toList();
        String scan = "SELECT " + columns.stream().map(c -> "count(" + c + "), max(" + c + ")").collect(Collectors.joining(", "))
                + " FROM read_parquet(" + parquet + ")";
        long[] scanTimes = new long[runs];
        long[] ruleTimes = new long[runs];
        QualityReport report = null;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(scan)) {
                    rs.next();
                }
                scanTimes[i] = System.nanoTime() - t;
                t = System.nanoTime();
                report = QualityRunner.run(select -> Bench.rows(platform, session, select), lineitem, lineitem.toString(), rules,
                        (table, days) -> java.util.OptionalDouble.empty(), Clock.systemUTC());
                ruleTimes[i] = System.nanoTime() - t;
            }
        }
        long scanNanos = median(scanTimes);
        long ruleNanos = median(ruleTimes);
        int statements = QualityRunner.plan(select -> Bench.rows(platform, session, select), lineitem, lineitem.toString(), rules).size();
        System.out.printf("%n== 10 quality rules over lineitem (%d statement%s) vs one DuckDB full scan of every column%n", statements,
                statements == 1 ? "" : "s");
        System.out.printf("full scan (plain DuckDB, read_parquet)   %s  (runs %s)%n", millis(scanNanos), times(scanTimes));
        System.out.printf("10 rules through the platform            %s  (runs %s)%n", millis(ruleNanos), times(ruleTimes));
        System.out.printf("ratio rules / scan                       %.2f  (target <= 2.0)%n", (double) ruleNanos / scanNanos);
        System.out.printf("rules passed: %d of %d%n", report.results().stream().filter(r -> r.passed()).count(), report.results().size());
        figures.put("scan_ms", scanNanos / 1e6);
        figures.put("rules_ms", ruleNanos / 1e6);
        figures.put("rules_statements", statements);
        figures.put("rules_over_scan", (double) ruleNanos / scanNanos);
    }

    private static void schedulingOverhead(Platform platform, Session session, int runs, Map<String, Object> figures) throws Exception {
        StringBuilder yaml = new StringBuilder("name: chain\nnodes:\n");
        List<String> statements = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            String from = i == 1 ? "ods.lineitem WHERE l_orderkey <= 1000" : "dws.step_" + (i - 1);
            String sql = "SELECT l_orderkey, l_quantity FROM " + from;
            yaml.append("  - {name: step_").append(i).append(", kind: sql, output: dws.step_").append(i).append(", sql: \"").append(sql).append("\"}\n");
            statements.add("CREATE OR REPLACE TABLE dws.step_" + i + " AS " + sql);
        }
        PipelineService pipelines = new PipelineService(platform, Clock.systemUTC());
        pipelines.apply(session, "chain.yaml", yaml.toString());
        long[] runTimes = new long[runs];
        long[] sqlTimes = new long[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            RunStore.Run run = pipelines.runNow(session, "chain", Optional.of(LocalDate.of(2026, 11, 1).plusDays(r)));
            runTimes[r] = System.nanoTime() - t;
            if (run.state() != RunState.SUCCEEDED) {
                throw new IllegalStateException("The benchmark pipeline failed: " + run.error());
            }
            t = System.nanoTime();
            for (String statement : statements) {
                execute(platform, session, statement);
            }
            sqlTimes[r] = System.nanoTime() - t;
        }
        long run = median(runTimes);
        long sql = median(sqlTimes);
        double perNode = (run - sql) / 1e6 / NODES;
        System.out.printf("%n== scheduling overhead: a pipeline of %d chained sql nodes%n", NODES);
        System.out.printf("pipeline run, wall                       %s  (runs %s)%n", millis(run), times(runTimes));
        System.out.printf("the same %d statements run alone          %s  (runs %s)%n", NODES, millis(sql), times(sqlTimes));
        System.out.printf("overhead per node                        %.1f ms  (target <= 200 ms)%n", perNode);
        figures.put("chain_run_ms", run / 1e6);
        figures.put("chain_sql_ms", sql / 1e6);
        figures.put("overhead_per_node_ms", perNode);
    }

    private static String times(long[] nanos) {
        List<String> out = new ArrayList<>();
        for (long n : nanos) {
            out.add(millis(n));
        }
        return String.join(", ", out);
    }
}
