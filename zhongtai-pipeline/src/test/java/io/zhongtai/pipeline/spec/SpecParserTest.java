package io.zhongtai.pipeline.spec;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecParserTest {
    static final String SHOP = """
            name: shop_daily
            description: orders into dwd and dws
            schedule:
              cron: "0 2 * * *"
              timezone: Asia/Shanghai
              sla: "06:30"
            params:
              region: cn
              week_start: ${bizdate - 6d}
            defaults:
              retries: 2
              retry_delay: 5s
            alerts:
              webhooks: [https://hooks.example.com/zt]
            nodes:
              - name: sync_orders
                kind: sync
                source: shop
                tables: [public.orders]
                mode: incremental
              - name: dwd_orders
                kind: sql
                output: dwd.orders
                write: merge
                key: [order_id]
                timeout: 10m
                sql: |
                  SELECT order_id, amount, '${region}' AS region
                  FROM ods.shop_orders
                  WHERE order_date = DATE '${bizdate}'
              - name: dws_daily
                kind: sql
                output: dws.daily_sales
                write: overwrite_partition
                partition: "dt = DATE '${bizdate}'"
                sql: SELECT DATE '${bizdate}' AS dt, sum(amount) AS amount FROM dwd.orders
            """;

    @Test
    void readsAWholePipeline() {
        PipelineSpec spec = SpecParser.parse("shop.yaml", SHOP);

        assertThat(spec.name()).isEqualTo("shop_daily");
        assertThat(spec.schedule()).contains(new ScheduleSpec("0 2 * * *", ZoneId.of("Asia/Shanghai"), ScheduleSpec.CatchUp.LATEST,
                1, -1, LocalTime.of(6, 30)));
        assertThat(spec.params()).containsExactly(Map.entry("region", "cn"), Map.entry("week_start", "${bizdate - 6d}"));
        assertThat(spec.alerts().webhooks()).containsExactly("https://hooks.example.com/zt");
        assertThat(spec.nodes()).extracting(NodeSpec::name, NodeSpec::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sync_orders", "sync"),
                        org.assertj.core.groups.Tuple.tuple("dwd_orders", "sql"), org.assertj.core.groups.Tuple.tuple("dws_daily", "sql"));
        NodeSpec.Sync sync = (NodeSpec.Sync) spec.nodes().get(0);
        assertThat(sync.writes()).containsExactly(new TableName("ods", "shop_orders"));
        NodeSpec.Sql merge = (NodeSpec.Sql) spec.nodes().get(1);
        assertThat(merge.write()).isEqualTo(NodeSpec.WriteMode.MERGE);
        assertThat(merge.key()).containsExactly("order_id");
        assertThat(merge.settings()).isEqualTo(new NodeSettings(2, Duration.ofSeconds(5), Duration.ofMinutes(10), 1));
    }

    @Test
    void everyProblemIsReportedWithItsPlace() {
        String yaml = """
                name: Bad-Name
                schedule:
                  cron: "0 25 * * *"
                  timezone: Mars/Olympus
                nodes:
                  - name: a
                    kind: sql
                    output: dwd.a
                    write: merge
                    sql: SELECT 1 AS x
                    colour: blue
                  - name: b
                    kind: teleport
                  - kind: export
                    to: shop
                """;
        assertThatThrownBy(() -> SpecParser.parse("bad.yaml", yaml))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessage("""
                        Pipeline spec bad.yaml has 9 problems:
                          bad.yaml:1:7: name: 'Bad-Name' is not a valid name: use lower-case letters, digits and underscores, starting with a letter
                          bad.yaml:3:9: schedule.cron: not a cron expression (minute hour day-of-month month day-of-week): Failed to parse cron expression. Value 25 not in range [0, 23]
                          bad.yaml:4:13: schedule.timezone: unknown time zone 'Mars/Olympus', use a region such as Asia/Shanghai or UTC
                          bad.yaml:11:5: nodes[0].colour: unknown key, expected one of name, kind, depends_on, retries, retry_delay, timeout, slots, sql, output, write, key, partition, quality
                          bad.yaml:6:5: nodes[0].key: required with write: merge: the output columns that identify a row
                          bad.yaml:13:11: nodes[1].kind: must be one of sync, sql, clean, quality, export, got 'teleport'
                          bad.yaml:14:5: nodes[2].name: required: the node's name, unique in the pipeline
                          bad.yaml:14:5: nodes[2].table: give exactly one of table (a lakehouse table) or sql (a query) to export
                          bad.yaml:14:5: nodes[2].target: required: the table, topic or file name in the source""");
    }

    @Test
    void theGraphFollowsTablesAndCyclesAreShownAsAPath() {
        PipelineGraph graph = SpecValidator.validate(SpecParser.parse("shop.yaml", SHOP), "shop.yaml", table -> Optional.empty());
        assertThat(graph.order()).containsExactly("sync_orders", "dwd_orders", "dws_daily");
        assertThat(graph.upstream("dws_daily")).containsExactly("dwd_orders");
        assertThat(graph.downstream("sync_orders")).containsExactly("dwd_orders", "dws_daily");

        String cyclic = """
                name: loop
                nodes:
                  - {name: a, kind: sql, output: dwd.a, sql: SELECT * FROM dwd.c}
                  - {name: b, kind: sql, output: dwd.b, sql: SELECT * FROM dwd.a}
                  - {name: c, kind: sql, output: dwd.c, sql: SELECT * FROM dwd.b, depends_on: [nope]}
                  - {name: d, kind: sql, output: dwd.d, sql: SELECT * FROM dwd.missing}
                  - {name: e, kind: sql, output: dwd.e, sql: "SELECT ${nothing} FROM dwd.a"}
                  - {name: f, kind: sql, output: dwd.f, sql: SELEC 1}
                """;
        assertThatThrownBy(() -> SpecValidator.validate(SpecParser.parse("loop.yaml", cyclic), "loop.yaml", table -> Optional.empty()))
                .hasMessageContaining("loop.yaml:5:67: nodes[2].depends_on: no node is named 'nope'")
                .hasMessageContaining("loop.yaml:6:5: nodes[3]: reads dwd.missing, which does not exist and no node of this pipeline writes")
                .hasMessageContaining("nodes[4].sql: Unknown parameter ${nothing}")
                .hasMessageContaining("nodes[5].sql: Syntax error at line 1, column 1")
                .hasMessageContaining("loop.yaml:3:5: nodes[0]: the nodes form a cycle: a -> b -> c -> a");
    }

    @Test
    void parametersTakeDateArithmeticAndFormats() {
        Params params = Params.resolve("p", LocalDate.of(2026, 3, 1), "r1",
                Map.of("month", "${bizdate - 1m:yyyyMM}", "start", "${week_ago}", "week_ago", "${bizdate-7d}"));
        assertThat(params.substitute("${bizdate} ${bizdate - 1d} ${bizdate + 2w:yyyyMMdd} ${month} ${start} ${run_id} ${pipeline}"))
                .isEqualTo("2026-03-01 2026-02-28 20260315 202602 2026-02-22 r1 p");
        assertThatThrownBy(() -> Params.resolve("p", LocalDate.of(2026, 3, 1), "r", Map.of("a", "${b}", "b", "${a}")))
                .hasMessageStartingWith("Parameters refer to each other in a cycle: ");
        assertThatThrownBy(() -> params.substitute("${run_id + 1d}"))
                .hasMessage("${run_id + 1d}: date arithmetic and formats need a date (yyyy-MM-dd), but ${run_id} is 'r1'");
        assertThat(Params.references("x ${a} ${b:yyyy} ${a}")).isEqualTo(List.of("a", "b"));
    }
}
