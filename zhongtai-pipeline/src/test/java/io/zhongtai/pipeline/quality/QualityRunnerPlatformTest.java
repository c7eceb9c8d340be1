package io.zhongtai.pipeline.quality;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.zhongtai.pipeline.quality.QualityRuleTest.yaml;
import static io.zhongtai.pipeline.quality.QualityRunnerTest.NOW;
import static io.zhongtai.pipeline.quality.QualityRunnerTest.NO_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The generated SQL through the platform's SQL session, which refuses table functions and non-lakehouse tables. */
class QualityRunnerPlatformTest {
    static final TableName ORDERS = new TableName("dwd", "orders");

    @Test
    void runsEveryRuleTypeThroughTheSandboxOnTheCurrentAndATaggedSnapshot(@TempDir Path home) {
        try (PlatformFixture zt = new PlatformFixture(home)) {
            zt.run("CREATE TABLE dwd.customers (customer_id INTEGER)");
            zt.run("INSERT INTO dwd.customers VALUES (100), (101)");
            zt.run("CREATE TABLE dwd.orders (order_id INTEGER, status VARCHAR, amount DECIMAL(10,2), email VARCHAR, "
                    + "customer_id INTEGER, updated_at TIMESTAMP)");
            zt.run("INSERT INTO dwd.orders VALUES (1, 'paid', 10, 'a@x.com', 100, TIMESTAMP '2026-11-20 08:00:00'), "
                    + "(2, 'shipped', 20, 'b@x.com', 101, TIMESTAMP '2026-11-19 08:00:00')");
            zt.sessions().tag(zt.session, ORDERS, "audit_123", null);
            zt.run("INSERT INTO dwd.orders VALUES (2, 'lost', -5, 'bad', 999, NULL)");
            List<QualityRule> rules = QualityRule.parseAll(yaml("""
                    - {type: not_null, column: order_id}
                    - {type: unique, columns: [order_id, status]}
                    - {type: unique, columns: [order_id]}
                    - {type: accepted_values, column: status, values: [paid, shipped, refunded]}
                    - {type: range, column: amount, min: 0, max: 100000}
                    - {type: regex, column: email, pattern: '^[^@]+@[^@]+$'}
                    - {type: row_count, min: 1, max: 2}
                    - {type: row_count_change, max_change_percent: 50}
                    - {type: freshness, column: updated_at, max_age: 26h}
                    - {type: referential, column: customer_id, references: dwd.customers.customer_id}
                    - {type: custom_sql, name: no_huge_orders, sql: "SELECT * FROM dwd.orders WHERE amount > 1000000"}
                    """));
            SqlExecutor sql = zt::rows;

            QualityReport tagged = QualityRunner.run(sql, ORDERS, "dwd.orders AT (VERSION => 'audit_123')", rules, NO_HISTORY, NOW);
            QualityReport current = QualityRunner.run(sql, ORDERS, "dwd.orders", rules, NO_HISTORY, NOW);

            assertThat(tagged.results()).allMatch(RuleResult::passed);
            assertThat(tagged.results().get(6).message()).isEqualTo("row count is 2; expected between 1 and 2");
            assertThat(current.results()).extracting(RuleResult::rule, RuleResult::passed, RuleResult::failingRows).containsExactly(
                    tuple("not_null(order_id)", true, 0L),
                    tuple("unique(order_id, status)", true, 0L),
                    tuple("unique(order_id)", false, 1L),
                    tuple("accepted_values(status)", false, 1L),
                    tuple("range(amount)", false, 1L),
                    tuple("regex(email)", false, 1L),
                    tuple("row_count", false, 0L),
                    tuple("row_count_change", true, 0L),
                    tuple("freshness(updated_at)", true, 0L),
                    tuple("referential(customer_id)", false, 1L),
                    tuple("no_huge_orders", true, 0L));
            assertThat(current.results().get(8).observed()).isEqualTo("newest=2026-11-20T08:00:00Z");
            assertThat(current.score()).isEqualTo(5.0 / 11);
        }
    }

    @Test
    void aPlatformErrorKeepsItsKind(@TempDir Path home) {
        try (PlatformFixture zt = new PlatformFixture(home)) {
            zt.run("CREATE TABLE dwd.orders (order_id INTEGER)");
            List<QualityRule> rules = QualityRule.parseAll(yaml("[{type: referential, column: order_id, references: dwd.missing.id}]"));

            assertThatThrownBy(() -> QualityRunner.run(zt::rows, ORDERS, "dwd.orders", rules, NO_HISTORY, NOW))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.NOT_FOUND))
                    .hasMessageStartingWith("Cannot check quality rules referential(order_id) on dwd.orders: ")
                    .hasMessageContaining("Table does not exist: dwd.missing");
        }
    }
}
