package io.zhongtai.pipeline.quality;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static io.zhongtai.pipeline.quality.QualityRuleTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Rules compiled to SQL and run on an in-memory DuckDB. */
class QualityRunnerTest {
    static final TableName ORDERS = new TableName("dwd", "orders");
    static final TableName BAD_ORDERS = new TableName("dwd", "bad_orders");
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    static final RowCountHistory NO_HISTORY = (table, days) -> OptionalDouble.empty();

    static Connection duck;

    @BeforeAll
    static void createTables() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE SCHEMA dwd");
            st.execute("CREATE TABLE dwd.customers (customer_id INTEGER)");
            st.execute("INSERT INTO dwd.customers VALUES (100), (101), (102), (NULL)");
            st.execute("CREATE TABLE dwd.orders (order_id INTEGER, status VARCHAR, amount DECIMAL(10,2), email VARCHAR, "
                    + "customer_id INTEGER, updated_at TIMESTAMP)");
            // nulls pass every rule but not_null; 0 and 100000 are the range's inclusive bounds
            st.execute("""
                    INSERT INTO dwd.orders VALUES
                      (1, 'paid', 10, 'a@x.com', 100, '2026-11-20 08:00:00'),
                      (2, 'shipped', 0, 'b@x.com', 101, '2026-11-19 08:00:00'),
                      (3, 'refunded', 100000, NULL, NULL, NULL),
                      (4, NULL, NULL, 'c@x.com', 100, '2026-11-18 00:00:00'),
                      (5, 'paid', 99.5, 'd@x.com', 102, NULL)""");
            st.execute("CREATE TABLE dwd.bad_orders AS SELECT * FROM dwd.orders LIMIT 0");
            st.execute("""
                    INSERT INTO dwd.bad_orders VALUES
                      (1, 'paid', 10, 'a@x.com', 100, '2026-11-18 00:00:00'),
                      (1, 'cancelled', -1, 'bad', 999, '2026-11-17 00:00:00'),
                      (NULL, 'paid', 0, NULL, NULL, NULL),
                      (2, NULL, NULL, 'c@x.com', 100, NULL),
                      (3, 'lost', 100001, 'two@@x', 998, NULL),
                      (4, 'shipped', 5, 'd@x.com', 101, NULL),
                      (5, 'paid', 0, 'e@x.com', 102, NULL)""");
            st.execute("CREATE TABLE dwd.empty_orders AS SELECT * FROM dwd.orders LIMIT 0");
            st.execute("CREATE TABLE dwd.lines (order_id INTEGER, line_no INTEGER)");
            st.execute("INSERT INTO dwd.lines VALUES (1, 1), (1, 2), (1, 2), (NULL, NULL), (NULL, NULL), (2, NULL), (2, NULL), (NULL, 1)");
            st.execute("CREATE TABLE dwd.events (tz TIMESTAMPTZ, d DATE, ts TIMESTAMP)");
            st.execute("INSERT INTO dwd.events VALUES ('2026-11-20 12:30:00+08', '2026-11-19', '2026-11-21 10:00:00')");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    /** Runs each statement on the shared DuckDB connection, a new JDBC statement per call. */
    static final SqlExecutor SQL = select -> {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(select)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    };

    /** One rule of each type; the custom_sql rule reads {@code table}. */
    static List<QualityRule> allTypes(String table) {
        return QualityRule.parseAll(yaml("""
                - {type: not_null, column: order_id}
                - {type: unique, columns: [order_id]}
                - {type: accepted_values, column: status, values: [paid, shipped, refunded], severity: warn}
                - {type: range, column: amount, min: 0, max: 100000}
                - {type: regex, column: email, pattern: '^[^@]+@[^@]+$'}
                - {type: row_count, min: 1, max: 6}
                - {type: row_count_change, max_change_percent: 50}
                - {type: freshness, column: updated_at, max_age: 26h}
                - {type: referential, column: customer_id, references: dwd.customers.customer_id}
                - {type: custom_sql, name: no_free_paid_orders, sql: "SELECT * FROM %s WHERE status = 'paid' AND amount = 0;"}
                """.formatted(table)));
    }

    /** Four rows recorded on average over the last 7 days for {@code table} only. */
    static RowCountHistory averageOfFour(TableName table) {
        return (t, days) -> t.equals(table) && days == 7 ? OptionalDouble.of(4) : OptionalDouble.empty();
    }

    /** A result of severity BLOCK, or WARN for accepted_values as {@link #allTypes} declares it. */
    static RuleResult result(String rule, String type, boolean passed, long failingRows, String observed, String message) {
        return new RuleResult(rule, type, type.equals("accepted_values") ? Severity.WARN : Severity.BLOCK, passed, failingRows, observed, message);
    }

    @Test
    void everyRulePassesOnCleanDataWhereNullsPass() {
        QualityReport report = QualityRunner.run(SQL, ORDERS, "dwd.orders", allTypes("dwd.orders"), averageOfFour(ORDERS), NOW);

        assertThat(report.results()).containsExactly(
                result("not_null(order_id)", "not_null", true, 0, "failing_rows=0, row_count=5", "0 of 5 rows fail: order_id is not null"),
                result("unique(order_id)", "unique", true, 0, "failing_rows=0, row_count=5", "0 of 5 rows fail: order_id is unique"),
                result("accepted_values(status)", "accepted_values", true, 0, "failing_rows=0, row_count=5",
                        "0 of 5 rows fail: status is one of [paid, shipped, refunded]"),
                result("range(amount)", "range", true, 0, "failing_rows=0, row_count=5", "0 of 5 rows fail: amount is between 0 and 100000"),
                result("regex(email)", "regex", true, 0, "failing_rows=0, row_count=5", "0 of 5 rows fail: email matches ^[^@]+@[^@]+$"),
                result("row_count", "row_count", true, 0, "row_count=5", "row count is 5; expected between 1 and 6"),
                result("row_count_change", "row_count_change", true, 0, "row_count=5, baseline=4.0",
                        "row count 5 differs by 25.0% from the 7-day average 4.0; allowed 50%"),
                result("freshness(updated_at)", "freshness", true, 0, "newest=2026-11-20T08:00:00Z", "newest updated_at is 2h old; allowed 26h"),
                result("referential(customer_id)", "referential", true, 0, "failing_rows=0, row_count=5",
                        "0 of 5 rows fail: customer_id exists in dwd.customers.customer_id"),
                result("no_free_paid_orders", "custom_sql", true, 0, "failing_rows=0", "the query returned 0 rows"));
        assertThat(report.score()).isEqualTo(1.0);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void everyRuleFailsOnBadDataWithExactFailingRows() {
        QualityReport report = QualityRunner.run(SQL, BAD_ORDERS, "dwd.bad_orders", allTypes("dwd.bad_orders"),
                averageOfFour(BAD_ORDERS), NOW);

        assertThat(report.results()).containsExactly(
                result("not_null(order_id)", "not_null", false, 1, "failing_rows=1, row_count=7", "1 of 7 rows fail: order_id is not null"),
                result("unique(order_id)", "unique", false, 1, "failing_rows=1, row_count=7", "1 of 7 rows fail: order_id is unique"),
                result("accepted_values(status)", "accepted_values", false, 2, "failing_rows=2, row_count=7",
                        "2 of 7 rows fail: status is one of [paid, shipped, refunded]"),
                result("range(amount)", "range", false, 2, "failing_rows=2, row_count=7", "2 of 7 rows fail: amount is between 0 and 100000"),
                result("regex(email)", "regex", false, 2, "failing_rows=2, row_count=7", "2 of 7 rows fail: email matches ^[^@]+@[^@]+$"),
                result("row_count", "row_count", false, 0, "row_count=7", "row count is 7; expected between 1 and 6"),
                result("row_count_change", "row_count_change", false, 0, "row_count=7, baseline=4.0",
                        "row count 7 differs by 75.0% from the 7-day average 4.0; allowed 50%"),
                result("freshness(updated_at)", "freshness", false, 0, "newest=2026-11-18T00:00:00Z", "newest updated_at is 58h old; allowed 26h"),
                result("referential(customer_id)", "referential", false, 2, "failing_rows=2, row_count=7",
                        "2 of 7 rows fail: customer_id exists in dwd.customers.customer_id"),
                result("no_free_paid_orders", "custom_sql", false, 2, "failing_rows=2", "the query returned 2 rows"));
        assertThat(report.score()).isEqualTo(0.0);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void fusesAllSingleTableRulesIntoOneScan() {
        List<String> plan = QualityRunner.plan(SQL, BAD_ORDERS, "dwd.bad_orders", allTypes("dwd.bad_orders"));

        assertThat(plan).containsExactly("""
                        SELECT count(*), min(CASE WHEN typeof("order_id") IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', \
                        'USMALLINT', 'UINTEGER') THEN "order_id" END), max(CASE WHEN typeof("order_id") IN ('TINYINT', 'SMALLINT', \
                        'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER') THEN "order_id" END) FROM dwd.bad_orders""",
                """
                        SELECT count(*),
                          count(*) FILTER (WHERE "order_id" IS NULL) AS "not_null(order_id)",
                          count(*) FILTER (WHERE "order_id" IS NOT NULL) - coalesce(bit_count(bitstring_agg(CASE WHEN "order_id" \
                        BETWEEN 1 AND 5 THEN CAST("order_id" AS BIGINT) - 1 END, 0, 4)), 0) AS "unique(order_id)",
                          count(*) FILTER (WHERE "status" IS NOT NULL AND NOT ("status" IN ('paid', 'shipped', 'refunded'))) AS "accepted_values(status)",
                          count(*) FILTER (WHERE "amount" IS NOT NULL AND NOT ("amount" >= 0 AND "amount" <= 100000)) AS "range(amount)",
                          count(*) FILTER (WHERE "email" IS NOT NULL AND NOT (regexp_matches(CAST("email" AS VARCHAR), '^[^@]+@[^@]+$'))) AS "regex(email)",
                          epoch_ms(max("updated_at")) AS "freshness(updated_at)"
                        FROM dwd.bad_orders""",
                """
                        SELECT count(*),
                          count(*) FILTER (WHERE t."customer_id" IS NOT NULL AND r0.k IS NULL) AS "referential(customer_id)"
                        FROM (SELECT * FROM dwd.bad_orders) AS t
                        LEFT JOIN (SELECT DISTINCT "customer_id" AS k FROM "dwd"."customers") AS r0 ON t."customer_id" = r0.k""",
                """
                        SELECT count(*) AS "no_free_paid_orders" FROM (
                        SELECT * FROM dwd.bad_orders WHERE status = 'paid' AND amount = 0
                        )""");
        // the probe: order_id is an integer from 1 to 5, so the fused scan counts its distinct values in a bitmap
        assertThat(SQL.rows(plan.get(0))).containsExactly(List.of(7L, 1, 5));
        // the one scan measures all eight single-table rules: row count, five failing-row counts, newest updated_at
        assertThat(SQL.rows(plan.get(1))).containsExactly(
                List.of(7L, 1L, 1L, 2L, 2L, 2L, Instant.parse("2026-11-18T00:00:00Z").toEpochMilli()));

        List<String> ran = new ArrayList<>();
        QualityRunner.run(select -> {
            ran.add(select);
            return SQL.rows(select);
        }, BAD_ORDERS, "dwd.bad_orders", allTypes("dwd.bad_orders"), NO_HISTORY, NOW);
        // then the duplicate the bitmap found is confirmed exactly
        assertThat(ran.subList(0, plan.size())).isEqualTo(plan);
        assertThat(ran).hasSize(plan.size() + 1);
        assertThat(ran.get(plan.size())).contains("count(DISTINCT row(\"order_id\"))");
    }

    @Test
    void referentialRulesShareOneQueryPerReferencedTableAndOneJoinPerColumnPair() {
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: referential, column: customer_id, references: dwd.customers.customer_id}
                - {type: referential, name: customer_known, column: customer_id, references: dwd.customers.customer_id, severity: warn}
                - {type: referential, column: order_id, references: dwd.customers.customer_id}
                - {type: referential, name: order_has_lines, column: order_id, references: dwd.lines.order_id}
                """));

        List<String> plan = QualityRunner.plan(SQL, BAD_ORDERS, "dwd.bad_orders", rules);

        assertThat(plan).hasSize(2);
        assertThat(plan.get(0)).isEqualTo("""
                SELECT count(*),
                  count(*) FILTER (WHERE t."customer_id" IS NOT NULL AND r0.k IS NULL) AS "referential(customer_id)",
                  count(*) FILTER (WHERE t."customer_id" IS NOT NULL AND r0.k IS NULL) AS "customer_known",
                  count(*) FILTER (WHERE t."order_id" IS NOT NULL AND r1.k IS NULL) AS "referential(order_id)"
                FROM (SELECT * FROM dwd.bad_orders) AS t
                LEFT JOIN (SELECT DISTINCT "customer_id" AS k FROM "dwd"."customers") AS r0 ON t."customer_id" = r0.k
                LEFT JOIN (SELECT DISTINCT "customer_id" AS k FROM "dwd"."customers") AS r1 ON t."order_id" = r1.k""");
        QualityReport report = QualityRunner.run(SQL, BAD_ORDERS, "dwd.bad_orders", rules, NO_HISTORY, NOW);
        assertThat(report.results()).extracting(RuleResult::rule, RuleResult::failingRows, RuleResult::message).containsExactly(
                tuple("referential(customer_id)", 2L, "2 of 7 rows fail: customer_id exists in dwd.customers.customer_id"),
                tuple("customer_known", 2L, "2 of 7 rows fail: customer_id exists in dwd.customers.customer_id"),
                tuple("referential(order_id)", 6L, "6 of 7 rows fail: order_id exists in dwd.customers.customer_id"),
                tuple("order_has_lines", 3L, "3 of 7 rows fail: order_id exists in dwd.lines.order_id"));
    }

    @Test
    void uniqueIgnoresRowsWhoseKeyIsAllNullAndComparesCompositeKeysAsAWhole() {
        // (1,2) twice and (2,NULL) twice are duplicates; the two (NULL,NULL) rows are ignored
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: unique, columns: [order_id, line_no]}
                - {type: unique, column: line_no}
                - {type: unique, columns: [line_no, order_id], name: other_order}
                """));

        QualityReport report = QualityRunner.run(SQL, new TableName("dwd", "lines"), "dwd.lines", rules, NO_HISTORY, NOW);

        assertThat(report.results()).containsExactly(
                result("unique(order_id, line_no)", "unique", false, 2, "failing_rows=2, row_count=8",
                        "2 of 8 rows fail: (order_id, line_no) is unique"),
                // non-null line_no values 1, 2, 2, 1
                result("unique(line_no)", "unique", false, 2, "failing_rows=2, row_count=8", "2 of 8 rows fail: line_no is unique"),
                result("other_order", "unique", false, 2, "failing_rows=2, row_count=8", "2 of 8 rows fail: (line_no, order_id) is unique"));
        // Integer keys are counted in bitmaps (order_id 1..2 and line_no 1..2, each digit 0 for null); each rule that
        // fails there is confirmed exactly.
        List<String> plan = QualityRunner.plan(SQL, new TableName("dwd", "lines"), "dwd.lines", rules);
        assertThat(plan.get(1)).contains("count(*) FILTER (WHERE \"order_id\" IS NOT NULL OR \"line_no\" IS NOT NULL) - "
                + "coalesce(bit_count(bitstring_agg(CASE WHEN (\"order_id\" IS NULL OR \"order_id\" BETWEEN 1 AND 2) "
                + "AND (\"line_no\" IS NULL OR \"line_no\" BETWEEN 1 AND 2) AND (\"order_id\" IS NOT NULL OR \"line_no\" IS NOT NULL) "
                + "THEN (coalesce(CAST(\"order_id\" AS BIGINT) - 1 + 1, 0)) * 3 + coalesce(CAST(\"line_no\" AS BIGINT) - 1 + 1, 0) END, "
                + "1, 8)), 0) AS \"unique(order_id, line_no)\"");
        List<String> ran = new java.util.ArrayList<>();
        QualityRunner.run(select -> {
            ran.add(select);
            return SQL.rows(select);
        }, new TableName("dwd", "lines"), "dwd.lines", rules, NO_HISTORY, NOW);
        assertThat(ran).hasSize(5);
        assertThat(ran.get(2)).isEqualTo("SELECT count(*), count(*) FILTER (WHERE \"order_id\" IS NOT NULL OR \"line_no\" IS NOT NULL) "
                + "- count(DISTINCT row(\"order_id\", \"line_no\")) FILTER (WHERE \"order_id\" IS NOT NULL OR \"line_no\" IS NOT NULL) FROM dwd.lines");
        ran.clear();
        QualityRunner.run(select -> {
            ran.add(select);
            return SQL.rows(select);
        }, ORDERS, "dwd.orders", QualityRule.parseAll(yaml("[{type: unique, columns: [order_id, customer_id]}]")), NO_HISTORY, NOW);
        assertThat(ran).as("the probe, then no duplicates in the bitmap: nothing to confirm").hasSize(2);
    }

    @Test
    void keysThatAreNotSmallIntegersAreCountedByHashOrDistinct() throws SQLException {
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dwd.keys (code VARCHAR, wide BIGINT, extreme BIGINT, n INTEGER)");
            st.execute("""
                    INSERT INTO dwd.keys VALUES
                      ('a', 1, -9223372036854775808, 1), ('b', 1000000000000, 9223372036854775807, 1), ('a', 1, 0, 1)""");
        }
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: unique, columns: [code, n]}
                - {type: unique, column: wide}
                - {type: unique, column: extreme}
                - {type: unique, columns: [n, wide]}
                """));
        TableName keys = new TableName("dwd", "keys");

        String scan = QualityRunner.plan(SQL, keys, "dwd.keys", rules).get(1);

        assertThat(scan).doesNotContain("bitstring_agg")
                .contains("count(DISTINCT hash(\"code\", \"n\"))", "count(DISTINCT \"wide\")", "count(DISTINCT \"extreme\")",
                        "count(DISTINCT hash(\"n\", \"wide\"))");
        assertThat(QualityRunner.run(SQL, keys, "dwd.keys", rules, NO_HISTORY, NOW).results())
                .extracting(RuleResult::rule, RuleResult::failingRows).containsExactly(
                        tuple("unique(code, n)", 1L), tuple("unique(wide)", 1L), tuple("unique(extreme)", 0L), tuple("unique(n, wide)", 1L));
    }

    @Test
    void aKeyOutsideTheRangeMeasuredBeforeTheScanIsCountedExactly() throws SQLException {
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dwd.growing (id INTEGER, part INTEGER)");
            st.execute("INSERT INTO dwd.growing VALUES (1, 1), (2, 1), (3, 2)");
        }
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: unique, column: id}
                - {type: unique, columns: [id, part]}
                """));
        TableName growing = new TableName("dwd", "growing");
        List<String> ran = new ArrayList<>();
        // rows land between the probe (ids 1..3) and the scan: a new key 7 and a duplicate of it
        SqlExecutor writerBetween = select -> {
            ran.add(select);
            List<List<Object>> rows = SQL.rows(select);
            if (ran.size() == 1) {
                try (Statement st = duck.createStatement()) {
                    st.execute("INSERT INTO dwd.growing VALUES (7, 1), (7, 1), (8, 9)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return rows;
        };

        QualityReport report = QualityRunner.run(writerBetween, growing, "dwd.growing", rules, NO_HISTORY, NOW);

        assertThat(report.results()).extracting(RuleResult::rule, RuleResult::failingRows)
                .containsExactly(tuple("unique(id)", 1L), tuple("unique(id, part)", 1L));
        assertThat(ran).as("probe, scan, and one exact count per rule").hasSize(4);
    }

    @Test
    void rowCountChangeComparesWithTheSevenDayAverageAndPassesWithoutOne() {
        List<QualityRule> rules = QualityRule.parseAll(yaml("[{type: row_count_change, max_change_percent: 50}]"));

        assertThat(QualityRunner.run(SQL, ORDERS, "dwd.orders", rules, NO_HISTORY, NOW).results()).containsExactly(
                result("row_count_change", "row_count_change", true, 0, "row_count=5",
                        "no baseline: no row counts recorded for dwd.orders in the last 7 days"));
        assertThat(QualityRunner.run(SQL, ORDERS, "dwd.orders", rules, (t, days) -> OptionalDouble.of(10), NOW).results()).containsExactly(
                result("row_count_change", "row_count_change", true, 0, "row_count=5, baseline=10.0",
                        "row count 5 differs by 50.0% from the 7-day average 10.0; allowed 50%"));
        assertThat(QualityRunner.run(SQL, ORDERS, "dwd.orders", rules, (t, days) -> OptionalDouble.of(9.5), NOW).results()).containsExactly(
                result("row_count_change", "row_count_change", true, 0, "row_count=5, baseline=9.5",
                        "row count 5 differs by 47.4% from the 7-day average 9.5; allowed 50%"));
        assertThat(QualityRunner.run(SQL, ORDERS, "dwd.orders", rules, (t, days) -> OptionalDouble.of(0), NOW).results()).containsExactly(
                result("row_count_change", "row_count_change", false, 0, "row_count=5, baseline=0.0",
                        "row count 5 differs by an infinite percentage from the 7-day average 0.0; allowed 50%"));
    }

    @Test
    void freshnessReadsTimestampsTimestampsWithTimeZoneAndDatesAgainstTheClock() {
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: freshness, column: tz, max_age: 30h}
                - {type: freshness, column: d, max_age: 30h}
                - {type: freshness, column: ts, max_age: 30h}
                """));

        QualityReport report = QualityRunner.run(SQL, new TableName("dwd", "events"), "dwd.events", rules, NO_HISTORY, NOW);

        assertThat(report.results()).containsExactly(
                result("freshness(tz)", "freshness", true, 0, "newest=2026-11-20T04:30:00Z", "newest tz is 5h 30m old; allowed 30h"),
                result("freshness(d)", "freshness", false, 0, "newest=2026-11-19T00:00:00Z", "newest d is 34h old; allowed 30h"),
                result("freshness(ts)", "freshness", true, 0, "newest=2026-11-21T10:00:00Z", "newest ts is -24h old; allowed 30h"));
        assertThat(report.score()).isEqualTo(2.0 / 3);
    }

    @Test
    void anEmptyTableFailsRowCountAndFreshnessAndPassesRowRules() {
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: row_count, min: 1}
                - {type: freshness, column: updated_at, max_age: 26h, severity: warn}
                - {type: not_null, column: order_id}
                """));

        QualityReport report = QualityRunner.run(SQL, new TableName("dwd", "empty_orders"), "dwd.empty_orders", rules, NO_HISTORY, NOW);

        assertThat(report.results()).containsExactly(
                result("row_count", "row_count", false, 0, "row_count=0", "row count is 0; expected at least 1"),
                new RuleResult("freshness(updated_at)", "freshness", Severity.WARN, false, 0, "newest=none", "updated_at has no values"),
                result("not_null(order_id)", "not_null", true, 0, "failing_rows=0, row_count=0", "0 of 0 rows fail: order_id is not null"));
        assertThat(report.score()).isEqualTo(1.0 / 3);
    }

    @Test
    void aFailedQueryNamesTheRulesItChecksAndTheTable() {
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: not_null, column: nope}
                - {type: row_count, min: 1}
                - {type: custom_sql, name: fine, sql: SELECT 1 WHERE false}
                """));

        assertThatThrownBy(() -> QualityRunner.run(SQL, ORDERS, "dwd.orders", rules, NO_HISTORY, NOW))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INTERNAL))
                .hasMessageStartingWith("Cannot check quality rules not_null(nope), row_count on dwd.orders: Binder Error: ")
                .hasMessageContaining("\"nope\" not found");
    }

    @Test
    void theScoreIsPassedRulesOverAllRulesAndOnlyBlockingFailuresStopPublishing() {
        RuleResult passed = result("a", "not_null", true, 0, "failing_rows=0, row_count=1", "ok");
        RuleResult failedWarning = new RuleResult("b", "not_null", Severity.WARN, false, 1, "failing_rows=1, row_count=1", "bad");
        RuleResult failedBlock = result("c", "not_null", false, 1, "failing_rows=1, row_count=1", "bad");

        assertThat(new QualityReport(List.of(passed, failedWarning)).score()).isEqualTo(0.5);
        assertThat(new QualityReport(List.of(passed, failedWarning)).passed()).isTrue();
        assertThat(new QualityReport(List.of(passed, failedWarning, failedBlock)).passed()).isFalse();
        assertThat(new QualityReport(List.of()).score()).isEqualTo(1.0);
        assertThat(QualityRunner.plan(SQL, ORDERS, "dwd.orders", List.of())).isEmpty();
    }
}
