package io.zhongtai.cli;

import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.server.ZhongtaiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineCommandTest {
    private static final String SPEC = """
            name: daily
            nodes:
              - name: dwd_items
                kind: sql
                output: dwd.items
                sql: SELECT id, upper(label) AS label, price FROM ods.items WHERE price > 0
                quality:
                  - {type: not_null, column: label}
              - name: dws_total
                kind: sql
                output: dws.total
                sql: SELECT count(*) AS items, sum(price) AS value FROM dwd.items
            """;

    @Test
    void validateApplyRunAndInspectOnTheHome(@TempDir Path home, @TempDir Path files) throws IOException {
        Cli cli = new Cli(home);
        assertThat(cli.run("sql", "CREATE TABLE ods.items AS SELECT * FROM (VALUES (1, 'a', 2.5), (2, 'b', 0.0), (3, 'c', 4.0)) t(id, label, price)")
                .exitCode()).isZero();
        Path spec = Files.writeString(files.resolve("daily.yaml"), SPEC);
        Path bad = Files.writeString(files.resolve("bad.yaml"), SPEC.replace("FROM dwd.items", "FROM dwd.itemz"));

        Cli.Run invalid = cli.run("pipeline", "validate", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains(bad + ":").contains("reads dwd.itemz, which does not exist");

        Cli.Run valid = cli.run("pipeline", "validate", spec.toString());
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).contains("dwd_items -> dws_total");
        assertThat(cli.run("pipeline", "apply", files.resolve("daily.yaml").toString()).out()).contains("Applied pipeline daily version 1");

        Cli.Run run = cli.run("pipeline", "run", "daily", "--bizdate", "2026-11-01");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("of daily for 2026-11-01: succeeded").contains("dwd_items").contains("dws_total");
        assertThat(cli.run("sql", "SELECT items, value FROM dws.total", "--format", "csv").out()).contains("2,6.5");

        Cli.Run runs = cli.run("pipeline", "runs", "daily", "--format", "json");
        String runId = runs.out().replaceAll("(?s).*\"run_id\":\"([0-9a-f-]{36})\".*", "$1");
        assertThat(cli.run("pipeline", "logs", runId).out()).contains("[dwd_items]").contains("passed not_null(label)");
        assertThat(cli.run("lineage", "dws.total.value").out()).contains("dwd.items.price").contains("ods.items.price");
        assertThat(cli.run("lineage", "ods.items", "--downstream").out()).contains("dwd.items").contains("dws.total");
        assertThat(cli.run("pipeline", "pause", "daily").out()).contains("Paused pipeline daily");
        assertThat(cli.run("pipeline", "list").out()).contains("daily").contains("true");

        Path rules = Files.writeString(files.resolve("rules.yaml"), "- {type: row_count, min: 5}\n- {type: unique, columns: [id]}\n");
        Cli.Run quality = cli.run("quality", "run", "dwd.items", "--rules", rules.toString());
        assertThat(quality.exitCode()).isEqualTo(PipelineCommand.RUN_FAILED);
        assertThat(quality.out()).contains("score 0.50").contains("row_count");
        assertThat(cli.run("quality", "results", "dwd.items").out()).contains("Quality score of dwd.items: 0.50");
    }

    @Test
    void aSyncNodeFeedsTheNodesAfterItAndItsSourceColumnsAreCheckedBeforeTheFirstRun(@TempDir Path home, @TempDir Path files)
            throws IOException {
        Cli cli = new Cli(home);
        Path in = Files.createDirectories(files.resolve("in"));
        Files.writeString(in.resolve("orders.csv"), "order_id,amount\n1,2.50\n2,4.00\n");
        assertThat(cli.run("source", "add", "shop", "--type", "file", "--set", "path=" + in).exitCode()).isZero();
        String spec = """
                name: synced
                nodes:
                  - {name: sync_orders, kind: sync, source: shop, tables: [orders]}
                  - {name: totals, kind: sql, output: dws.totals, sql: "SELECT count(*) AS orders, sum(%s) AS amount FROM ods.shop_orders"}
                """;
        Path wrong = Files.writeString(files.resolve("wrong.yaml"), spec.formatted("amout"));
        Cli.Run invalid = cli.run("pipeline", "validate", wrong.toString());
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        assertThat(invalid.err()).contains("nodes[1].sql").contains("amout");

        Path right = Files.writeString(files.resolve("synced.yaml"), spec.formatted("amount"));
        assertThat(cli.run("pipeline", "apply", right.toString()).exitCode()).isZero();
        Cli.Run run = cli.run("pipeline", "run", "synced");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(cli.run("sql", "SELECT orders, amount FROM dws.totals", "--format", "csv").out()).contains("2,6.5");
        assertThat(cli.run("lineage", "dws.totals", "--format", "csv").out()).contains("ods.shop_orders,dws.totals,table")
                .contains("source:shop/orders");
    }

    @Test
    void theServerRunsWhatTheClientQueues(@TempDir Path home, @TempDir Path files) throws IOException {
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of());
             ZhongtaiServer server = ZhongtaiServer.start(platform, "127.0.0.1", 0)) {
            String token = platform.tokens().create("pipelines", Identity.localUser()).secret();
            Cli.Run created = Cli.runRaw("", "--server", server.url(), "--token", token, "sql",
                    "CREATE TABLE ods.items AS SELECT * FROM (VALUES (1, 'a', 2.5)) t(id, label, price)");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            Path spec = Files.writeString(files.resolve("daily.yaml"), SPEC);

            Cli.Run applied = Cli.runRaw("", "--server", server.url(), "--token", token, "pipeline", "apply", spec.toString());
            assertThat(applied.out()).as(applied.toString()).contains("Applied pipeline daily version 1");
            Cli.Run run = Cli.runRaw("", "--server", server.url(), "--token", token, "pipeline", "run", "daily");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("succeeded");
            Cli.Run lineage = Cli.runRaw("", "--server", server.url(), "--token", token, "lineage", "dws.total.value", "--format", "csv");
            assertThat(lineage.out()).contains("dwd.items.price,dws.total.value,direct,daily,dws_total");
        }
    }
}
