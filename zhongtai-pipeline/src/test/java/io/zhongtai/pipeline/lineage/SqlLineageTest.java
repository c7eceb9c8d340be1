package io.zhongtai.pipeline.lineage;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.Kind;
import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Lineage of tricky SELECTs, pinned exactly. Every analysed query is also materialised by DuckDB over empty tables of
 * the same schemas, to check that the output column names are the ones DuckDB gives the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlLineageTest {
    private static final Map<TableName, List<String>> SCHEMAS = Map.of(
            new TableName("ods", "orders"), List.of("order_id", "customer_id", "amount", "status", "created_at"),
            new TableName("ods", "customers"), List.of("customer_id", "name", "city"),
            new TableName("ods", "refunds"), List.of("order_id", "amount", "reason"));

    private Connection duck;

    @BeforeAll
    void setUp() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE SCHEMA ods; SET schema = 'ods';"
                    + "CREATE TABLE ods.orders (order_id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), status VARCHAR, created_at TIMESTAMP);"
                    + "CREATE TABLE ods.customers (customer_id INTEGER, name VARCHAR, city VARCHAR);"
                    + "CREATE TABLE ods.refunds (order_id INTEGER, amount DECIMAL(10, 2), reason VARCHAR)");
        }
    }

    @AfterAll
    void tearDown() throws SQLException {
        duck.close();
    }

    @Test
    void projectionWithAliases() {
        QueryLineage l = lineage("SELECT order_id AS id, o.amount, status FROM ods.orders o");
        assertThat(l.outputColumns()).containsExactly("id", "amount", "status");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "id", refs("ods.orders.order_id"),
                "amount", refs("ods.orders.amount"),
                "status", refs("ods.orders.status")));
        assertThat(l.indirectSources()).isEmpty();
        assertThat(l.sourceTables()).containsExactly(new TableName("ods", "orders"));
    }

    @Test
    void expressionsAreNamedAsDuckDbNamesThemAndBareTablesTakeTheDefaultNamespace() {
        QueryLineage l = lineage("SELECT amount * 2 + 1, upper(status) AS s, CAST(created_at AS DATE) AS d, amount::BIGINT "
                + "FROM orders WHERE status = 'paid'");
        assertThat(l.outputColumns()).containsExactly("((amount * 2) + 1)", "s", "d", "CAST(amount AS BIGINT)");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "((amount * 2) + 1)", refs("ods.orders.amount"),
                "s", refs("ods.orders.status"),
                "d", refs("ods.orders.created_at"),
                "CAST(amount AS BIGINT)", refs("ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.status"));
    }

    @Test
    void joinWithTableAliasesResolvesUnqualifiedColumnsToTheOnlyTableHavingThem() {
        QueryLineage l = lineage("SELECT o.order_id, name, city, amount FROM ods.orders o "
                + "JOIN ods.customers c ON o.customer_id = c.customer_id WHERE city <> 'Lyon'");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "name", refs("ods.customers.name"),
                "city", refs("ods.customers.city"),
                "amount", refs("ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.customers.customer_id", "ods.customers.city"));
        assertThat(l.sourceTables()).containsExactly(new TableName("ods", "orders"), new TableName("ods", "customers"));
    }

    @Test
    void starAndQualifiedStarOverAJoinUsing() {
        QueryLineage l = lineage("SELECT *, c.* FROM ods.orders o JOIN ods.customers c USING (customer_id)");
        assertThat(l.outputColumns()).containsExactly("order_id", "customer_id", "amount", "status", "created_at", "name", "city",
                "customer_id_1", "name_1", "city_1");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "customer_id", refs("ods.orders.customer_id", "ods.customers.customer_id"),
                "amount", refs("ods.orders.amount"),
                "status", refs("ods.orders.status"),
                "created_at", refs("ods.orders.created_at"),
                "name", refs("ods.customers.name"),
                "city", refs("ods.customers.city"),
                "customer_id_1", refs("ods.customers.customer_id"),
                "name_1", refs("ods.customers.name"),
                "city_1", refs("ods.customers.city")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.customers.customer_id"));
    }

    @Test
    void cteChainIsFollowedAndAnUnreadCteIsIgnored() {
        QueryLineage l = lineage("""
                WITH paid AS (SELECT order_id, customer_id, amount FROM ods.orders WHERE status = 'paid'),
                     unread AS (SELECT reason FROM ods.refunds),
                     per_customer AS (SELECT customer_id, sum(amount) AS total FROM paid GROUP BY customer_id),
                     scaled AS (SELECT customer_id AS cid, total, total * 100 AS cents FROM per_customer)
                SELECT cid, cents FROM scaled
                """);
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "cid", refs("ods.orders.customer_id"),
                "cents", refs("ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.status", "ods.orders.customer_id"));
        assertThat(l.sourceTables()).containsExactly(new TableName("ods", "orders"));
    }

    @Test
    void nestedSubqueriesInFromWithColumnAliases() {
        QueryLineage l = lineage("SELECT x.total, x.cid FROM ("
                + "  SELECT cid, t AS total FROM (SELECT customer_id, amount + 1 FROM ods.orders WHERE amount > 0) AS inner_q(cid, t)"
                + ") x WHERE x.cid > 10");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "total", refs("ods.orders.amount"),
                "cid", refs("ods.orders.customer_id")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.amount", "ods.orders.customer_id"));
    }

    @Test
    void correlatedScalarSubqueryInSelect() {
        QueryLineage l = lineage("SELECT c.name, "
                + "(SELECT sum(o.amount) FROM ods.orders o WHERE o.customer_id = c.customer_id) AS spent FROM ods.customers c");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "name", refs("ods.customers.name"),
                "spent", refs("ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.customers.customer_id"));
    }

    @Test
    void unionAllTakesColumnIOfEveryBranchAndItsOrderByUsesOutputNames() {
        QueryLineage l = lineage("SELECT order_id AS id, amount FROM ods.orders "
                + "UNION ALL SELECT order_id, -amount FROM ods.refunds ORDER BY id");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "id", refs("ods.orders.order_id", "ods.refunds.order_id"),
                "amount", refs("ods.orders.amount", "ods.refunds.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.order_id", "ods.refunds.order_id"));
    }

    @Test
    void exceptAndUnionByNameWithoutAllDecideRowsByEveryColumn() {
        QueryLineage except = lineage("SELECT customer_id FROM ods.customers EXCEPT SELECT customer_id FROM ods.orders");
        assertThat(except.columnSources()).isEqualTo(Map.of(
                "customer_id", refs("ods.customers.customer_id", "ods.orders.customer_id")));
        assertThat(except.indirectSources()).isEqualTo(refs("ods.customers.customer_id", "ods.orders.customer_id"));

        QueryLineage byName = lineage("SELECT amount, order_id FROM ods.orders UNION BY NAME SELECT order_id, reason FROM ods.refunds");
        assertThat(byName.outputColumns()).containsExactly("amount", "order_id", "reason");
        assertThat(byName.columnSources()).isEqualTo(Map.of(
                "amount", refs("ods.orders.amount"),
                "order_id", refs("ods.orders.order_id", "ods.refunds.order_id"),
                "reason", refs("ods.refunds.reason")));
        assertThat(byName.indirectSources()).isEqualTo(
                refs("ods.orders.amount", "ods.orders.order_id", "ods.refunds.order_id", "ods.refunds.reason"));
    }

    @Test
    void distinctInASubqueryDecidesTheRowsACountSees() {
        QueryLineage l = lineage("SELECT count(*) AS statuses FROM (SELECT DISTINCT status FROM ods.orders)");
        assertThat(l.columnSources()).isEqualTo(Map.of("statuses", refs()));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.status"));
    }

    @Test
    void aFromItemNameAloneIsItsWholeRow() {
        QueryLineage l = lineage("SELECT c AS customer, o.order_id, r FROM ods.orders o JOIN ods.customers c USING (customer_id), "
                + "range(o.amount::BIGINT) r");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "customer", refs("ods.customers.customer_id", "ods.customers.name", "ods.customers.city"),
                "order_id", refs("ods.orders.order_id"),
                "r", refs("ods.orders.amount")));
    }

    @Test
    void caseWhenIncludesItsConditionsAndAUsingColumnComesFromBothSides() {
        QueryLineage l = lineage("SELECT order_id, CASE WHEN status = 'paid' THEN o.amount WHEN status = 'refunded' "
                + "THEN -r.amount ELSE 0 END AS net FROM ods.orders o LEFT JOIN ods.refunds r USING (order_id)");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id", "ods.refunds.order_id"),
                "net", refs("ods.orders.status", "ods.orders.amount", "ods.refunds.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.order_id", "ods.refunds.order_id"));
    }

    @Test
    void windowFunctionsReadArgumentsPartitionAndOrderKeys() {
        QueryLineage l = lineage("SELECT order_id, "
                + "sum(amount) OVER (PARTITION BY customer_id ORDER BY created_at) AS running, "
                + "row_number() OVER (ORDER BY status DESC) AS rn FROM ods.orders QUALIFY rn <= 10");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "running", refs("ods.orders.amount", "ods.orders.customer_id", "ods.orders.created_at"),
                "rn", refs("ods.orders.status")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.status"));
    }

    @Test
    void aggregatesWithFilterGroupByHavingAndOrderBy() {
        QueryLineage l = lineage("SELECT customer_id, count(*) AS n, sum(amount) FILTER (WHERE status = 'paid') AS paid, "
                + "max(created_at) FROM ods.orders GROUP BY customer_id HAVING sum(amount) > 100 ORDER BY paid DESC");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "customer_id", refs("ods.orders.customer_id"),
                "n", refs(),
                "paid", refs("ods.orders.amount", "ods.orders.status"),
                "max(created_at)", refs("ods.orders.created_at")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.orders.amount", "ods.orders.status"));
    }

    @Test
    void groupByAllGroupsByTheItemsWithoutAggregates() {
        QueryLineage l = lineage("SELECT status, date_trunc('day', created_at) AS day, count(*), sum(amount) AS total "
                + "FROM ods.orders GROUP BY ALL");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "status", refs("ods.orders.status"),
                "day", refs("ods.orders.created_at"),
                "count_star()", refs(),
                "total", refs("ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.status", "ods.orders.created_at"));
    }

    @Test
    void havingAndOrderByPreferAliasesWhereWherePrefersColumns() {
        // "status" is an alias of count(*) and a column of ods.orders: WHERE reads the column, HAVING and ORDER BY the alias.
        QueryLineage l = lineage("SELECT customer_id, count(*) AS status FROM ods.orders WHERE status <> 'void' "
                + "GROUP BY customer_id HAVING status > 1 ORDER BY status");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "customer_id", refs("ods.orders.customer_id"),
                "status", refs()));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.status", "ods.orders.customer_id"));

        QueryLineage withoutWhere = lineage("SELECT customer_id, count(*) AS status FROM ods.orders "
                + "GROUP BY customer_id HAVING status > 1 ORDER BY status");
        assertThat(withoutWhere.indirectSources()).isEqualTo(refs("ods.orders.customer_id"));
    }

    @Test
    void coalesceOverTwoJoinedTables() {
        QueryLineage l = lineage("SELECT COALESCE(r.amount, o.amount, 0) AS final_amount "
                + "FROM ods.orders o LEFT JOIN ods.refunds r ON r.order_id = o.order_id");
        assertThat(l.columnSources()).isEqualTo(Map.of("final_amount", refs("ods.refunds.amount", "ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.refunds.order_id", "ods.orders.order_id"));
    }

    @Test
    void existsAndInSubqueriesAreFilters() {
        QueryLineage l = lineage("SELECT c.customer_id, c.name FROM ods.customers c "
                + "WHERE EXISTS (SELECT 1 FROM ods.orders o WHERE o.customer_id = c.customer_id AND o.status = 'paid') "
                + "AND c.city IN (SELECT reason FROM ods.refunds WHERE amount > 100)");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "customer_id", refs("ods.customers.customer_id"),
                "name", refs("ods.customers.name")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.customers.customer_id", "ods.orders.status",
                "ods.refunds.amount", "ods.customers.city", "ods.refunds.reason"));
        assertThat(l.sourceTables()).containsExactly(
                new TableName("ods", "customers"), new TableName("ods", "orders"), new TableName("ods", "refunds"));
    }

    @Test
    void selfJoin() {
        QueryLineage l = lineage("SELECT a.order_id, b.order_id AS next_id, b.amount - a.amount AS delta "
                + "FROM ods.orders a JOIN ods.orders b ON b.customer_id = a.customer_id AND b.created_at > a.created_at");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "next_id", refs("ods.orders.order_id"),
                "delta", refs("ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.orders.created_at"));
        assertThat(l.sourceTables()).containsExactly(new TableName("ods", "orders"));
    }

    @Test
    void literalColumnsHaveNoSources() {
        QueryLineage l = lineage("SELECT 1 AS one, 'x', NULL AS nothing, current_date AS today, order_id FROM ods.orders LIMIT 5");
        assertThat(l.outputColumns()).containsExactly("one", "'x'", "nothing", "today", "order_id");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "one", refs(),
                "'x'", refs(),
                "nothing", refs(),
                "today", refs(),
                "order_id", refs("ods.orders.order_id")));
        assertThat(l.indirectSources()).isEmpty();
    }

    @Test
    void starExcludeReplaceAndRename() {
        QueryLineage l = lineage("SELECT * EXCLUDE (status, created_at) FROM ods.orders");
        assertThat(l.outputColumns()).containsExactly("order_id", "customer_id", "amount");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "customer_id", refs("ods.orders.customer_id"),
                "amount", refs("ods.orders.amount")));

        QueryLineage replaced = lineage("SELECT o.* EXCLUDE (o.created_at) REPLACE (o.amount - r.amount AS amount) RENAME (status AS state) "
                + "FROM ods.orders o JOIN ods.refunds r USING (order_id)");
        assertThat(replaced.outputColumns()).containsExactly("order_id", "customer_id", "amount", "state");
        assertThat(replaced.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "customer_id", refs("ods.orders.customer_id"),
                "amount", refs("ods.orders.amount", "ods.refunds.amount"),
                "state", refs("ods.orders.status")));
    }

    @Test
    void excludingAColumnTheStarDoesNotHaveIsInvalid() {
        ZhongtaiException e = error("SELECT o.* EXCLUDE (r.amount) FROM ods.orders o, ods.refunds r");
        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("Column \"r.amount\" in EXCLUDE is not among the columns of the * (at line 1, column 8)");
        assertThat(error("SELECT * EXCLUDE (x.amount) FROM ods.orders").getMessage())
                .isEqualTo("Unknown table or alias \"x\" in EXCLUDE (x.amount) (at line 1, column 8)");
    }

    @Test
    void starThroughCteAndSubqueryRepeatedNamesGetSuffixes() {
        QueryLineage l = lineage("WITH both_amounts AS (SELECT o.amount, r.amount FROM ods.orders o JOIN ods.refunds r USING (order_id)) "
                + "SELECT * FROM (SELECT *, amount_1 - amount AS diff FROM both_amounts)");
        assertThat(l.outputColumns()).containsExactly("amount", "amount_1", "diff");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "amount", refs("ods.orders.amount"),
                "amount_1", refs("ods.refunds.amount"),
                "diff", refs("ods.refunds.amount", "ods.orders.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.order_id", "ods.refunds.order_id"));
    }

    @Test
    void recursiveCteGathersSourcesOfEveryRound() {
        QueryLineage l = lineage("""
                WITH RECURSIVE chain(id, total) AS (
                    SELECT order_id, amount FROM ods.orders WHERE customer_id = 1
                    UNION ALL
                    SELECT r.order_id, chain.total + r.amount FROM chain JOIN ods.refunds r ON r.order_id = chain.id + 1
                )
                SELECT id, total FROM chain
                """);
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "id", refs("ods.orders.order_id", "ods.refunds.order_id"),
                "total", refs("ods.orders.amount", "ods.refunds.amount")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.orders.customer_id", "ods.refunds.order_id", "ods.orders.order_id"));
    }

    @Test
    void tableFunctionsReadNoTableButUnnestFollowsItsArgument() {
        QueryLineage l = lineage("SELECT o.order_id, g.generate_series AS step, u.tag "
                + "FROM ods.orders o, generate_series(1, 3) g, unnest(string_split(o.status, ',')) AS u(tag)");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "order_id", refs("ods.orders.order_id"),
                "step", refs(),
                "tag", refs("ods.orders.status")));
        assertThat(l.sourceTables()).containsExactly(new TableName("ods", "orders"));
    }

    @Test
    void lambdaParametersAreNotColumns() {
        QueryLineage l = lineage("SELECT list_transform([1, 2], lambda x: x * amount) AS scaled, "
                + "list_filter([status], lambda status: status IS NOT NULL) AS kept FROM ods.orders");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "scaled", refs("ods.orders.amount"),
                "kept", refs("ods.orders.status")));
    }

    @Test
    void distinctOnAndPositionalGroupByAreIndirect() {
        QueryLineage l = lineage("SELECT DISTINCT ON (city) city, name FROM ods.customers ORDER BY city, customer_id");
        assertThat(l.columnSources()).isEqualTo(Map.of(
                "city", refs("ods.customers.city"),
                "name", refs("ods.customers.name")));
        assertThat(l.indirectSources()).isEqualTo(refs("ods.customers.city", "ods.customers.customer_id"));

        QueryLineage grouped = lineage("SELECT upper(status) AS s, count(*) AS n FROM ods.orders GROUP BY 1");
        assertThat(grouped.indirectSources()).isEqualTo(refs("ods.orders.status"));
    }

    @Test
    void ambiguousColumnIsInvalidInput() {
        ZhongtaiException e = error("SELECT order_id FROM ods.orders a JOIN ods.orders b ON a.order_id = b.order_id");
        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("Column \"order_id\" is ambiguous: it is in a and b; qualify it (at line 1, column 8)");
        assertThat(e.position()).isEqualTo(new ZhongtaiException.SqlPosition(1, 8, 7));
    }

    @Test
    void unknownColumnIsInvalidInput() {
        ZhongtaiException e = error("SELECT o.order_id,\n  total FROM ods.orders o");
        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("Unknown column \"total\": no table in scope has it (at line 2, column 3)");

        ZhongtaiException qualified = error("SELECT o.nope FROM ods.orders o");
        assertThat(qualified.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(qualified.getMessage()).isEqualTo("Unknown column \"o.nope\": o has no column nope (at line 1, column 8)");
    }

    @Test
    void unknownTableIsNotFound() {
        ZhongtaiException e = error("SELECT * FROM ods.orders JOIN dwd.missing USING (order_id)");
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("Table does not exist: dwd.missing (at line 1, column 31)");
    }

    @Test
    void whatLineageCannotFollowIsRefused() {
        assertThat(error("SELECT * FROM read_csv('/etc/passwd')").getMessage()).isEqualTo("Cannot derive lineage through "
                + "table function read_csv(): only range, generate_series, unnest compute rows without reading data (at line 1, column 15)");
        assertThat(error("SELECT COLUMNS('amount|status') FROM ods.orders").getMessage())
                .isEqualTo("Cannot derive lineage through COLUMNS(...) with a pattern or lambda (at line 1, column 8)");
        assertThat(error("DELETE FROM ods.orders").getMessage()).isEqualTo("Cannot derive lineage: only a query (SELECT) can be analysed");
        ZhongtaiException syntax = error("SELECT amount\nFROM ods.orders\nWHER amount > 1");
        assertThat(syntax.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(syntax.getMessage()).isEqualTo("Syntax error at line 3, column 6: syntax error at or near \"amount\"");
    }

    private QueryLineage lineage(String sql) {
        QueryLineage lineage = SqlLineage.analyze(duck, sql, "ods", SCHEMAS::get);
        assertThat(lineage.outputColumns()).as("the columns DuckDB materialises").isEqualTo(materialisedColumns(sql));
        return lineage;
    }

    private ZhongtaiException error(String sql) {
        return catchThrowableOfType(ZhongtaiException.class, () -> SqlLineage.analyze(duck, sql, "ods", SCHEMAS::get));
    }

    private List<String> materialisedColumns(String sql) {
        List<String> columns = new ArrayList<>();
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE lineage_check AS " + sql);
            try (ResultSet rs = s.executeQuery("SELECT column_name FROM duckdb_columns() "
                    + "WHERE table_name = 'lineage_check' ORDER BY column_index")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("DuckDB cannot run the query: " + e.getMessage(), e);
        }
        return columns;
    }

    /** Columns written {@code namespace.table.column}. */
    private static Set<ColumnRef> refs(String... columns) {
        return Arrays.stream(columns).map(column -> {
            String[] parts = column.split("\\.");
            return new ColumnRef(new TableName(parts[0], parts[1]), parts[2]);
        }).collect(Collectors.toSet());
    }
}
