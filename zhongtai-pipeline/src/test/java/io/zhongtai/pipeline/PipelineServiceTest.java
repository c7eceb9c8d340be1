package io.zhongtai.pipeline;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.lineage.LineageEdge;
import io.zhongtai.pipeline.schedule.PipelineScheduler;
import io.zhongtai.pipeline.store.NodeState;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineServiceTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    private static final String SHOP = """
            name: shop
            params:
              min_amount: "0"
            nodes:
              - name: clean_customers
                kind: clean
                input: ods.raw_customers
                output: dwd.customers
                ops:
                  - trim: [email]
                  - cast: {age: INTEGER}
                  - regex_validate: {column: email, pattern: '^[^@]+@[^@]+$'}
                quality:
                  - {type: not_null, column: customer_id}
              - name: dwd_orders
                kind: sql
                output: dwd.orders
                write: merge
                key: [order_id]
                sql: |
                  SELECT order_id, customer_id, amount, order_date FROM ods.raw_orders
                  WHERE order_date = DATE '${bizdate}' AND amount >= ${min_amount}
                quality:
                  - {type: unique, columns: [order_id]}
                  - {type: range, column: amount, min: 0, max: 1000}
              - name: dws_daily
                kind: sql
                output: dws.daily_sales
                write: overwrite_partition
                partition: "dt = DATE '${bizdate}'"
                sql: |
                  SELECT o.order_date AS dt, count(*) AS orders, sum(o.amount) AS amount, count(c.customer_id) AS known_customers
                  FROM dwd.orders o LEFT JOIN dwd.customers c ON c.customer_id = o.customer_id
                  WHERE o.order_date = DATE '${bizdate}' GROUP BY o.order_date
              - name: check_daily
                kind: quality
                table: dws.daily_sales
                rules:
                  - {type: row_count, min: 1}
                  - {type: range, column: amount, max: 10, severity: warn}
            """;

    private PlatformFixture f;
    private PipelineService service;

    @BeforeEach
    void open(@TempDir Path home) {
        f = new PlatformFixture(home);
        service = new PipelineService(f.platform, Clock.systemUTC());
        f.run("CREATE TABLE ods.raw_customers AS SELECT * FROM (VALUES (1, ' ann@x.io ', '34'), (2, 'bob', 'x'), (3, 'cy@x.io', '51'))"
                + " t(customer_id, email, age)");
        f.run("CREATE TABLE ods.raw_orders AS SELECT * FROM (VALUES (10, 1, 5.0::DECIMAL(10, 2), DATE '2026-11-01'), (11, 3, 7.5, DATE '2026-11-01'),"
                + " (12, 9, 2.5, DATE '2026-11-02'), (13, 1, 4.0, DATE '2026-11-03')) t(order_id, customer_id, amount, order_date)");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aRunBuildsEveryLayerAndRecordsItsNodes() {
        assertThat(service.apply(f.session, "shop.yaml", SHOP)).isEqualTo(new PipelineStore.Applied("shop", 1, true));
        assertThat(service.apply(f.session, "shop.yaml", SHOP)).isEqualTo(new PipelineStore.Applied("shop", 1, false));
        assertThat(service.show("shop", Optional.empty()).nodes()).extracting(PipelineDetail.Node::name)
                .containsExactly("clean_customers", "dwd_orders", "dws_daily", "check_daily");

        RunStore.Run run = service.runNow(f.session, "shop", Optional.of(DAY));

        assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(f.rows("SELECT customer_id, email, age FROM dwd.customers ORDER BY customer_id"))
                .isEqualTo(List.of(List.of(1, "ann@x.io", 34), List.of(3, "cy@x.io", 51)));
        assertThat(f.rows("SELECT reason FROM dwd.customers__rejects")).hasSize(1);
        assertThat(f.rows("SELECT dt, orders, amount, known_customers FROM dws.daily_sales"))
                .isEqualTo(List.of(List.of(DAY, 2L, new java.math.BigDecimal("12.50"), 2L)));
        Map<String, RunStore.NodeRun> nodes = nodes(run);
        assertThat(nodes.values()).extracting(RunStore.NodeRun::state).containsOnly(NodeState.SUCCEEDED);
        assertThat(nodes.get("clean_customers").rowsRejected()).isEqualTo(1);
        assertThat(nodes.get("clean_customers").rowsOut()).isEqualTo(2);
        assertThat(nodes.get("dwd_orders").rowsOut()).isEqualTo(2);
        assertThat(nodes.get("dwd_orders").bytesWritten()).isPositive();
        assertThat(service.logs(run.id(), "check_daily")).contains("warning range(amount)").contains("passed row_count");
        assertThat(service.quality().results(new TableName("dws", "daily_sales"), 10)).hasSize(2);
        assertThat(f.platform.lakehouse().table(new TableName("dwd", "orders")).refs()).containsOnlyKeys("main");
    }

    @Test
    void aBlockingRuleKeepsMainUnchangedSkipsDownstreamAndARerunContinuesFromTheFailure() {
        service.apply(f.session, "shop.yaml", SHOP);
        assertThat(service.runNow(f.session, "shop", Optional.of(DAY)).state()).isEqualTo(RunState.SUCCEEDED);
        long before = f.platform.lakehouse().table(new TableName("dwd", "orders")).currentSnapshot().snapshotId();
        f.run("INSERT INTO ods.raw_orders VALUES (14, 1, 5000.0, DATE '2026-11-01')");

        RunStore.Run failed = service.runNow(f.session, "shop", Optional.of(DAY));

        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.error()).contains("node dwd_orders: Quality rules blocked publishing dwd.orders (main is unchanged)")
                .contains("range(amount)");
        Map<String, RunStore.NodeRun> nodes = nodes(failed);
        assertThat(nodes.get("dwd_orders").state()).isEqualTo(NodeState.FAILED);
        assertThat(nodes.get("dws_daily").state()).isEqualTo(NodeState.SKIPPED);
        assertThat(nodes.get("check_daily").state()).isEqualTo(NodeState.SKIPPED);
        assertThat(f.platform.lakehouse().table(new TableName("dwd", "orders")).currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(f.platform.lakehouse().table(new TableName("dwd", "orders")).refs()).containsOnlyKeys("main");

        f.run("DELETE FROM ods.raw_orders WHERE amount > 1000");
        RunStore.Run rerun = service.rerun(f.session, failed.id());

        assertThat(rerun.state()).as(rerun.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(rerun.rerunOf()).isEqualTo(failed.id());
        assertThat(nodes(rerun).get("clean_customers").state()).isEqualTo(NodeState.SKIPPED);
        assertThat(service.logs(rerun.id(), "clean_customers")).contains("succeeded in run " + failed.id());
        assertThat(nodes(rerun).get("dws_daily").state()).isEqualTo(NodeState.SUCCEEDED);
        assertThatThrownBy(() -> service.rerun(f.session, rerun.id()))
                .isInstanceOf(ZhongtaiException.class).hasMessageContaining("only failed runs are rerun");
    }

    @Test
    void backfillRunsEachDateAndOverwritesOnlyItsPartition() {
        service.apply(f.session, "shop.yaml", SHOP);

        List<RunStore.Run> runs = service.backfill(f.session, "shop", DAY, DAY.plusDays(2), 2);

        assertThat(runs).extracting(RunStore.Run::bizdate).containsExactly(DAY, DAY.plusDays(1), DAY.plusDays(2));
        assertThat(runs).as(runs.toString()).extracting(RunStore.Run::state).containsOnly(RunState.SUCCEEDED);
        assertThat(f.rows("SELECT dt, orders FROM dws.daily_sales ORDER BY dt")).isEqualTo(List.of(
                List.of(DAY, 2L), List.of(DAY.plusDays(1), 1L), List.of(DAY.plusDays(2), 1L)));
        service.runNow(f.session, "shop", Optional.of(DAY.plusDays(1)));
        assertThat(f.count("dws.daily_sales")).isEqualTo(3);
        assertThatThrownBy(() -> service.backfill(f.session, "shop", DAY, DAY.minusDays(1), 1))
                .hasMessage("Cannot backfill from 2026-11-01 to 2026-10-31: the end is before the start");
    }

    @Test
    void lineageFollowsColumnsThroughSqlAndCleanNodes() {
        service.apply(f.session, "shop.yaml", SHOP);

        assertThat(service.lineage("dws.daily_sales", "amount", true, 5)).extracting(e -> e.source() + " -> " + e.target() + " " + e.kind())
                .containsExactly("dwd.orders.amount -> dws.daily_sales.amount direct", "ods.raw_orders.amount -> dwd.orders.amount direct");
        assertThat(service.lineage("dws.daily_sales", "known_customers", true, 1)).extracting(LineageEdge::source)
                .containsExactly("dwd.customers.customer_id");
        assertThat(service.lineage("ods.raw_customers", "email", false, 5)).extracting(LineageEdge::target)
                .containsExactly("dwd.customers.email");
        assertThat(service.lineage("ods.raw_orders", null, false, 5)).extracting(e -> e.source() + " -> " + e.target())
                .containsExactly("ods.raw_orders -> dwd.orders", "dwd.orders -> dws.daily_sales");
        assertThat(service.lineage("ods.raw_orders", "order_date", false, 1)).extracting(e -> e.target() + " " + e.kind())
                .contains("dwd.orders.order_date direct", "dwd.orders indirect");
    }

    @Test
    void retriesThenFailsAndSkipsWhatDependsOnIt() {
        service.apply(f.session, "flaky.yaml", """
                name: flaky
                defaults: {retries: 2, retry_delay: 10ms}
                nodes:
                  - {name: boom, kind: sql, output: dwd.boom, sql: "SELECT CAST('x' || count(*) AS INTEGER) AS x FROM ods.raw_orders"}
                  - {name: after, kind: sql, output: dwd.after, sql: SELECT * FROM dwd.boom}
                """);

        RunStore.Run run = service.runNow(f.session, "flaky", Optional.of(DAY));

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(nodes(run).get("boom").attempts()).isEqualTo(3);
        assertThat(nodes(run).get("after").state()).isEqualTo(NodeState.SKIPPED);
        assertThat(service.logs(run.id(), "boom")).contains("attempt 3 of 3").contains("retrying in");
    }

    @Test
    void aTimedOutNodeHasItsStatementCancelled() {
        service.apply(f.session, "slow.yaml", """
                name: slow
                nodes:
                  - {name: forever, kind: sql, output: dwd.forever, timeout: 1s, retries: 3,
                     sql: "SELECT count(*) AS n FROM range(200000) a, range(200000) b WHERE a.range + b.range = 7"}
                """);
        long started = System.nanoTime();

        RunStore.Run run = service.runNow(f.session, "slow", Optional.of(DAY));

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).isEqualTo("node forever: timed out after 1 s; its statement was cancelled");
        assertThat(nodes(run).get("forever").attempts()).as("a timeout is not retried").isEqualTo(1);
        // 4e10 pairs would take minutes: the cancelled statement stops soon after the timeout.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(20));
        assertThat(f.platform.lakehouse().tableExists(new TableName("dwd", "forever"))).isFalse();
        // Had the statement gone on, it would keep both cores busy for minutes; cancelled, the process goes quiet.
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        sleep(500);
        long cpu = os.getProcessCpuTime();
        sleep(2_000);
        assertThat(java.time.Duration.ofNanos(os.getProcessCpuTime() - cpu)).isLessThan(java.time.Duration.ofMillis(1_000));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBackfillWhoseProcessStoppedIsTakenOverByTheScheduler() {
        service.apply(f.session, "shop.yaml", SHOP);
        // Another process queued and held these runs, then stopped: its last heartbeat is 5 minutes old.
        PipelineService stopped = new PipelineService(f.platform, Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(-5)));
        List<RunStore.Run> held = stopped.queueBackfill(f.session, "shop", DAY, DAY.plusDays(1), 2);
        PipelineService alive = new PipelineService(f.platform, Clock.systemUTC());
        alive.queueBackfill(f.session, "shop", DAY.plusDays(2), DAY.plusDays(2), 1);   // held by a live process: left alone

        try (PipelineScheduler scheduler = new PipelineScheduler(service, f.platform.metadata(), Clock.systemUTC(), 2)) {
            awaitFinished(2, () -> scheduler.tick(Instant.now()));
        }

        assertThat(held).extracting(r -> service.run(r.id()).run().state()).containsOnly(RunState.SUCCEEDED);
        assertThat(service.runs("shop", 10)).filteredOn(r -> r.bizdate().equals(DAY.plusDays(2)))
                .extracting(RunStore.Run::state).containsExactly(RunState.QUEUED);
    }

    @Test
    void twoSchedulersOnOneStoreQueueAndRunEachTickOnce() {
        service.apply(f.session, "hourly.yaml", """
                name: hourly
                schedule: {cron: "0 * * * *", timezone: UTC, catchup: all}
                nodes:
                  - {name: count, kind: sql, output: dws.order_count, write: append,
                     sql: "SELECT DATE '${bizdate}' AS bizdate, count(*) AS n FROM ods.raw_orders"}
                """);
        PipelineService other = new PipelineService(f.platform, Clock.systemUTC());
        try (PipelineScheduler a = new PipelineScheduler(service, f.platform.metadata(), Clock.systemUTC(), 2);
             PipelineScheduler b = new PipelineScheduler(other, f.platform.metadata(), Clock.systemUTC(), 2)) {
            Instant start = Instant.parse("2026-11-02T10:30:00Z");
            a.tick(start);   // a new schedule starts from now
            b.tick(start);
            Instant later = start.plusSeconds(3 * 3600);   // ticks at 11:00, 12:00 and 13:00 came due
            awaitFinished(3, () -> {
                a.tick(later);
                b.tick(later);
            });
        }
        List<RunStore.Run> runs = service.runs("hourly", 10);
        assertThat(runs).hasSize(3).extracting(RunStore.Run::state).containsOnly(RunState.SUCCEEDED);
        assertThat(runs.stream().map(RunStore.Run::trigger).collect(Collectors.toSet())).containsExactly("schedule");
        assertThat(f.count("dws.order_count")).isEqualTo(3);
    }

    /** Ticks until at least {@code runs} runs finished (max_active_runs 1 starts one per tick at most). */
    private void awaitFinished(int runs, Runnable tick) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            tick.run();
            List<RunStore.Run> all = service.runs(null, 100);
            if (all.stream().filter(r -> r.state().finished()).count() >= runs && all.stream().noneMatch(r -> r.state() == RunState.RUNNING)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("runs did not finish: " + service.runs(null, 100));
    }

    private Map<String, RunStore.NodeRun> nodes(RunStore.Run run) {
        return service.run(run.id()).nodes().stream().collect(Collectors.toMap(RunStore.NodeRun::node, n -> n));
    }
}
