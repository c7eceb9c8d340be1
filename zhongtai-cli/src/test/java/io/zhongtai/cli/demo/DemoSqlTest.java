package io.zhongtai.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhongtai.cli.demo.DemoDataset.Anomaly;
import io.zhongtai.cli.demo.DemoDataset.Scale;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loads the generated CSVs into DuckDB exactly as the demo does and runs every {@link DemoSql} statement. */
class DemoSqlTest {

    private static final String GMV_FROM_DWD = """
            SELECT sum(i.amount) FROM dwd.order_items i JOIN dwd.orders o ON o.order_id = i.order_id
            WHERE o.order_ts IS NOT NULL AND o.status IS DISTINCT FROM 'cancelled'""";

    @TempDir
    static Path tmp;

    static DemoDataset dataset;
    static Connection db;

    @BeforeAll
    static void loadAndTransform() throws Exception {
        dataset = DemoDataset.generate(tmp, DemoDataset.DEFAULT_SEED, Scale.DEFAULT);
        db = pipeline(dataset, true);
    }

    @AfterAll
    static void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** Creates the layers, loads ods (all VARCHAR or with inferred types), runs the statements; prints timings. */
    static Connection pipeline(DemoDataset data, boolean allVarchar) throws SQLException {
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
        for (String schema : DemoSql.SCHEMAS) {
            execute(c, "CREATE SCHEMA " + schema);
        }
        long start = System.nanoTime();
        for (DemoDataset.TableFile file : data.tables()) {
            execute(c, "CREATE TABLE ods." + file.table() + " AS SELECT * FROM read_csv('"
                    + file.path().toString().replace("'", "''") + "', " + (allVarchar ? "all_varchar=true, " : "") + "header=true)");
        }
        long loaded = System.nanoTime();
        for (String sql : DemoSql.statements()) {
            execute(c, sql);
        }
        System.out.printf("seed %d: load ods %d ms, run %d statements %d ms%n", data.seed(),
                (loaded - start) / 1_000_000, DemoSql.statements().size(), (System.nanoTime() - loaded) / 1_000_000);
        return c;
    }

    @Test
    void odsHoldsEveryCsvRow() throws SQLException {
        for (DemoDataset.TableFile file : dataset.tables()) {
            assertThat(longValue("SELECT count(*) FROM ods." + file.table())).as(file.table()).isEqualTo(file.rows());
        }
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_schema = 'ods'"
                + " AND table_name = 'products' AND data_type <> 'VARCHAR'")).isEmpty();
        // The quoted names survive intact.
        assertThat(longValue("SELECT count(*) FROM ods.products WHERE name LIKE '%,%' AND name LIKE '%\"%'")).isPositive();
    }

    @Test
    void customersAreDeduplicatedAndCleaned() throws SQLException {
        assertThat(longValue("SELECT count(*) FROM dwd.customers")).isEqualTo(5_000);
        assertThat(longValue("SELECT count(*) - count(DISTINCT customer_id) FROM dwd.customers")).isZero();
        assertThat(longValue("SELECT count(*) FROM dwd.customers WHERE NOT email_valid"))
                .isEqualTo(dataset.anomalies(Anomaly.INVALID_EMAIL));
        assertThat(strings("SELECT email FROM dwd.customers WHERE NOT email_valid"))
                .anyMatch(e -> e.contains("@@")).anyMatch(e -> !e.contains("@")).anyMatch(e -> e.contains(" "));
        assertThat(longValue("SELECT count(*) FROM dwd.customers WHERE email <> lower(trim(email))")).isZero();
        assertThat(longValue("SELECT count(*) FROM dwd.customers WHERE signup_date IS NULL")).isZero();
        assertThat(longValue("SELECT count(*) FROM dwd.customers WHERE NOT phone_valid")).isZero();
        assertThat(longValue("SELECT count(*) FROM dwd.customers WHERE signup_date > DATE '2025-12-31'"
                + " OR signup_date < DATE '2019-01-01'")).isZero();
        Set<String> cities = new HashSet<>(strings("SELECT DISTINCT city FROM dwd.customers"));
        assertThat(cities).contains("Shanghai", "Xi'an").hasSizeLessThanOrEqualTo(36)
                .allMatch(c -> c.matches("[A-Z][a-z']+"));
        assertThat(strings("SELECT DISTINCT province FROM dwd.customers")).hasSizeLessThanOrEqualTo(28)
                .allMatch(p -> p.matches("[A-Z][a-z]+"));
        // Signed up before the first valid order.
        assertThat(longValue("""
                SELECT count(*) FROM dwd.customers c JOIN dws.customer_value v USING (customer_id)
                WHERE c.signup_date > CAST(v.first_order AS DATE)""")).isZero();
    }

    @Test
    void productsKeepMissingPricesAsNull() throws SQLException {
        assertThat(longValue("SELECT count(*) FROM dwd.products")).isEqualTo(800);
        assertThat(longValue("SELECT count(*) FROM dwd.products WHERE price_missing"))
                .isEqualTo(dataset.anomalies(Anomaly.MISSING_PRICE));
        assertThat(longValue("SELECT count(*) FROM dwd.products WHERE price IS NULL <> price_missing")).isZero();
        assertThat(longValue("SELECT count(*) FROM dwd.products WHERE price <= cost OR launched_on IS NULL")).isZero();
        assertThat(columnType("dwd", "products", "price")).isEqualTo("DECIMAL(12,2)");
        assertThat(columnType("dwd", "products", "cost")).isEqualTo("DECIMAL(12,2)");
    }

    @Test
    void ordersAreDeduplicatedAndTimestamped() throws SQLException {
        assertThat(longValue("SELECT count(*) FROM dwd.orders")).isEqualTo(30_000);
        assertThat(longValue("SELECT count(*) - count(DISTINCT order_id) FROM dwd.orders")).isZero();
        assertThat(longValue("SELECT count(*) FROM dwd.orders WHERE order_ts IS NULL"))
                .isEqualTo(dataset.anomalies(Anomaly.UNPARSEABLE_ORDER_TS)).isEqualTo(30);
        assertThat(longValue("""
                SELECT count(*) FROM dwd.orders
                WHERE order_ts < TIMESTAMP '2024-01-01' OR order_ts >= TIMESTAMP '2026-01-01'""")).isZero();
        assertThat(columnType("dwd", "orders", "order_ts")).isEqualTo("TIMESTAMP");
        assertThat(strings("SELECT DISTINCT status FROM dwd.orders ORDER BY 1"))
                .containsExactly("cancelled", "delivered", "paid", "refunded", "shipped");
        assertThat(strings("SELECT DISTINCT channel FROM dwd.orders ORDER BY 1"))
                .containsExactly("app", "mini-program", "store", "web");
        // Day-first dates: 04/03/2025 style values parse to valid days only if read as dd/MM.
        assertThat(longValue("SELECT count(*) FROM ods.orders o JOIN dwd.orders d ON trim(o.order_id) = d.order_id"
                + " WHERE regexp_full_match(o.order_ts, '[0-9]{2}/[0-9]{2}/[0-9]{4} .*')"
                + " AND strftime(d.order_ts, '%d/%m/%Y %H:%M') <> o.order_ts")).isZero();
    }

    @Test
    void orderItemsDropBadLinesAndComputeAmounts() throws SQLException {
        long raw = dataset.rows("order_items");
        long dropped = dataset.anomalies(Anomaly.NEGATIVE_QUANTITY) + dataset.anomalies(Anomaly.UNKNOWN_PRODUCT);
        assertThat(longValue("SELECT count(*) FROM dwd.order_items")).isEqualTo(raw - dropped);
        assertThat(longValue("SELECT count(*) FROM dwd.order_items WHERE quantity <= 0 OR category IS NULL")).isZero();
        assertThat(columnType("dwd", "order_items", "amount")).isEqualTo("DECIMAL(14,2)");
        assertThat(longValue("""
                SELECT count(*) FROM dwd.order_items
                WHERE abs(amount - quantity * unit_price * (1 - discount)) > 0.005""")).isZero();
    }

    @Test
    void aggregatesReconcileWithDetail() throws SQLException {
        BigDecimal gmv = decimal(GMV_FROM_DWD);
        assertThat(gmv).isPositive();
        assertThat(decimal("SELECT sum(gmv) FROM dws.daily_sales")).isEqualByComparingTo(gmv);
        assertThat(decimal("SELECT sum(gmv) FROM dws.customer_value")).isEqualByComparingTo(gmv);
        assertThat(decimal("SELECT sum(gmv) FROM ads.channel_kpis")).isEqualByComparingTo(gmv);
        long validOrders = longValue("""
                SELECT count(*) FROM dwd.orders WHERE order_ts IS NOT NULL AND status IS DISTINCT FROM 'cancelled'""");
        assertThat(longValue("SELECT sum(orders) FROM dws.daily_sales")).isEqualTo(validOrders);
        assertThat(longValue("SELECT sum(orders) FROM dws.customer_value")).isEqualTo(validOrders);
        assertThat(longValue("SELECT sum(orders) FROM ads.channel_kpis")).isEqualTo(validOrders);
        assertThat(longValue("SELECT count(*) FROM dws.daily_sales")).isBetween(4L * 700, 4L * 731);
        System.out.printf("GMV %s over %d valid orders%n", gmv, validOrders);
    }

    @Test
    void customerValueHasRfmSegments() throws SQLException {
        assertThat(longValue("SELECT count(*) - count(DISTINCT customer_id) FROM dws.customer_value")).isZero();
        assertThat(longValue("SELECT count(*) FROM dws.customer_value WHERE first_order > last_order")).isZero();
        assertThat(strings("SELECT DISTINCT segment FROM dws.customer_value"))
                .contains("champion", "loyal", "at_risk", "hibernating");
        assertThat(longValue("SELECT min(r_score) * 10 + max(r_score) FROM dws.customer_value")).isEqualTo(15);
    }

    @Test
    void topProductsHasTwentyRankedRows() throws SQLException {
        assertThat(longValue("SELECT count(*) FROM ads.top_products_30d")).isEqualTo(20);
        assertThat(strings("SELECT rank FROM ads.top_products_30d ORDER BY rank"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                        "11", "12", "13", "14", "15", "16", "17", "18", "19", "20");
        assertThat(longValue("""
                SELECT count(*) FROM (
                    SELECT gmv < lead(gmv) OVER (ORDER BY rank) AS out_of_order FROM ads.top_products_30d)
                WHERE out_of_order""")).isZero();
        assertThat(strings("SELECT DISTINCT CAST(window_end AS VARCHAR) || '/' || CAST(window_start AS VARCHAR)"
                + " FROM ads.top_products_30d")).containsExactly("2025-12-31/2025-12-02");
    }

    @Test
    void channelKpisHaveMonthOnMonthGrowth() throws SQLException {
        assertThat(longValue("SELECT count(*) FROM ads.channel_kpis")).isEqualTo(4 * 24);
        assertThat(longValue("SELECT count(*) FROM ads.channel_kpis WHERE mom_growth IS NULL")).isEqualTo(4);
        assertThat(longValue("SELECT count(*) FROM ads.channel_kpis WHERE mom_growth IS NULL"
                + " AND month <> DATE '2024-01-01'")).isZero();
        // Double 11: November beats October on every channel.
        assertThat(longValue("SELECT count(*) FROM ads.channel_kpis WHERE month = DATE '2025-11-01' AND mom_growth > 0"))
                .isEqualTo(4);
    }

    @Test
    void exampleQueriesRun() throws SQLException {
        assertThat(DemoSql.exampleQueries()).hasSize(3);
        for (String sql : DemoSql.exampleQueries()) {
            List<List<String>> rows = query(sql);
            assertThat(rows).as(sql).hasSizeGreaterThan(1);
            System.out.println(sql);
            rows.forEach(r -> System.out.println("  " + String.join(" | ", r)));
        }
    }

    @Test
    void statementsCreateLayerTablesInDependencyOrder() throws SQLException {
        assertThat(DemoSql.targetTables()).containsExactly("dwd.customers", "dwd.products", "dwd.orders",
                "dwd.order_items", "dws.daily_sales", "dws.customer_value", "ads.top_products_30d", "ads.channel_kpis");
        Set<String> available = new HashSet<>(DemoSql.ODS_TABLES);
        Pattern baseTable = Pattern.compile(
                "\"type\":\"BASE_TABLE\"[^{}]*?\"schema_name\":\"([^\"]*)\",\"table_name\":\"([^\"]*)\"");
        Pattern cte = Pattern.compile("\\{\"key\":\"([^\"]+)\",\"value\":\\{\"aliases\"");
        for (String sql : DemoSql.statements()) {
            String target = DemoSql.targetTable(sql);
            assertThat(sql).startsWith("CREATE TABLE " + target + " AS\n");
            String json = string("SELECT json_serialize_sql(?)", sql.substring(sql.indexOf('\n') + 1));
            assertThat(json).as(target).contains("\"error\":false").doesNotContain("TABLE_FUNCTION");
            Set<String> ctes = new HashSet<>();
            for (Matcher m = cte.matcher(json); m.find(); ) {
                ctes.add(m.group(1));
            }
            List<String> refs = new ArrayList<>();
            for (Matcher m = baseTable.matcher(json); m.find(); ) {
                refs.add(m.group(1).isEmpty() ? m.group(2) : m.group(1) + "." + m.group(2));
            }
            assertThat(refs).as(target).isNotEmpty()
                    .allSatisfy(ref -> assertThat(ctes.contains(ref) || available.contains(ref))
                            .as(target + " reads " + ref).isTrue());
            available.add(target);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void smallDatasetsWithOtherSeedsAlsoTransform(long seed) throws Exception {
        DemoDataset small = DemoDataset.generate(tmp.resolve("small-" + seed), seed, Scale.SMALL);
        try (Connection c = pipeline(small, true)) {
            assertThat(longValue(c, "SELECT count(*) FROM dwd.orders WHERE order_ts IS NULL"))
                    .isEqualTo(small.anomalies(Anomaly.UNPARSEABLE_ORDER_TS));
            assertThat(longValue(c, "SELECT count(*) FROM dwd.customers WHERE NOT email_valid"))
                    .isEqualTo(small.anomalies(Anomaly.INVALID_EMAIL));
            assertThat(longValue(c, "SELECT count(*) FROM ads.top_products_30d")).isEqualTo(20);
            assertThat(query(c, "SELECT sum(gmv) FROM dws.daily_sales").get(1).get(0))
                    .isEqualTo(query(c, GMV_FROM_DWD).get(1).get(0));
        }
    }

    @Test
    void inferredOdsTypesGiveTheSameResults() throws Exception {
        DemoDataset small = DemoDataset.generate(tmp.resolve("inferred"), 11, Scale.SMALL);
        try (Connection varchar = pipeline(small, true); Connection inferred = pipeline(small, false)) {
            assertThat(query(inferred, "SELECT DISTINCT data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'ods' AND table_name = 'order_items'")).hasSizeGreaterThan(2);
            for (String table : DemoSql.targetTables()) {
                String sql = "SELECT * FROM " + table + " ORDER BY ALL";
                assertThat(query(inferred, sql)).as(table).isEqualTo(query(varchar, sql));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    private static void execute(Connection c, String sql) throws SQLException {
        // A failed execute closes the Statement in DuckDB's driver: one Statement per call.
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\n--- in ---\n" + sql, e);
        }
    }

    private static List<List<String>> query(String sql) throws SQLException {
        return query(db, sql);
    }

    private static List<List<String>> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.add(md.getColumnName(i));
            }
            rows.add(header);
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static long longValue(String sql) throws SQLException {
        return longValue(db, sql);
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static BigDecimal decimal(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getBigDecimal(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        return query(sql).stream().skip(1).map(r -> r.get(0)).toList();
    }

    private static String string(String sql, String parameter) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String columnType(String schema, String table, String column) throws SQLException {
        return query("SELECT data_type FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "' AND column_name = '" + column + "'").get(1).get(0);
    }
}
