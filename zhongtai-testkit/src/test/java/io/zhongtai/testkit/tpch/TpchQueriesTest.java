package io.zhongtai.testkit.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the 22 queries on SF 0.01 data in DuckDB and compares with the reference answers. */
class TpchQueriesTest {

    private static final double SF = 0.01;

    /** Queries whose row count does not depend on the scale factor (same at SF 0.01 as at SF 1). */
    private static final Set<Integer> SCALE_INDEPENDENT = Set.of(1, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15, 17, 19, 22);

    @TempDir
    static Path dir;

    private static Connection connection;
    private static Map<String, Path> files;

    @BeforeAll
    static void load() throws SQLException {
        files = TpchData.writeCsv(dir, SF, true);
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        connection = DriverManager.getConnection("jdbc:duckdb:", properties);
        execute("CREATE SCHEMA tpch");
        for (Map.Entry<String, Path> file : files.entrySet()) {
            execute(TpchData.createTableDdl("tpch", file.getKey()));
            execute(TpchData.insertFromCsvSql("tpch", file.getKey(), file.getValue()));
        }
    }

    @AfterAll
    static void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    static IntStream queries() {
        return IntStream.rangeClosed(1, TpchQueries.COUNT);
    }

    @Test
    void loadsSpecRowCounts() throws SQLException {
        Map<String, Long> expected = Map.of(
                "region", 5L, "nation", 25L, "supplier", 100L, "customer", 1_500L,
                "part", 2_000L, "partsupp", 8_000L, "orders", 15_000L, "lineitem", 60_175L);
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            assertThat(query("SELECT count(*) FROM tpch." + table.getKey()).get(0).get(0))
                    .as(table.getKey())
                    .isEqualTo(table.getValue());
        }
    }

    @Test
    void plainReadCsvWithSniffingLoadsTheSameData() throws SQLException {
        // What a generic CSV consumer does: read_csv(file, header = true) with type detection.
        execute("CREATE SCHEMA sniffed");
        for (Map.Entry<String, Path> file : files.entrySet()) {
            String table = file.getKey();
            execute(TpchData.createTableDdl("sniffed", table));
            execute("INSERT INTO sniffed." + table + " SELECT * FROM read_csv('" + file.getValue() + "', header = true)");
            for (String[] pair : new String[][] {{"tpch", "sniffed"}, {"sniffed", "tpch"}}) {
                List<List<Object>> rows = query("SELECT count(*) FROM (SELECT * FROM " + pair[0] + "." + table
                        + " EXCEPT ALL SELECT * FROM " + pair[1] + "." + table + ")");
                assertThat(rows.get(0).get(0)).as("%s rows in %s but not %s", table, pair[0], pair[1]).isEqualTo(0L);
            }
        }
    }

    @ParameterizedTest(name = "Q{0}")
    @MethodSource("queries")
    void matchesReferenceAnswerAtSf001(int n) throws SQLException {
        List<List<Object>> actual = query(TpchQueries.query(n, "tpch"));

        assertThat(actual).as("Q%d rows", n).isNotEmpty();
        assertThat(TpchAnswers.diff(TpchAnswers.expectedSf001(n), actual)).as("Q%d differs from the reference answer", n).isNull();
        if (SCALE_INDEPENDENT.contains(n)) {
            assertThat(actual).as("Q%d row count (same as at SF 1)", n).hasSize(TpchAnswers.sf1RowCount(n));
        } else {
            assertThat(actual.size()).as("Q%d row count", n).isBetween(1, TpchAnswers.sf1RowCount(n));
        }
    }

    @Test
    void q1AndQ6Sanity() throws SQLException {
        List<List<Object>> q1 = query(TpchQueries.query(1, "tpch"));
        assertThat(q1).hasSize(4);
        assertThat(q1).extracting(row -> row.get(0) + "" + row.get(1)).containsExactly("AF", "NF", "NO", "RF");

        List<List<Object>> q6 = query(TpchQueries.query(6, "tpch"));
        assertThat(q6).hasSize(1);
        assertThat((BigDecimal) q6.get(0).get(0)).isPositive();
    }

    @Test
    void limitsAndShapes() throws SQLException {
        assertThat(query(TpchQueries.query(3, "tpch"))).hasSize(10);
        assertThat(query(TpchQueries.query(10, "tpch"))).hasSize(20);
        assertThat(query(TpchQueries.query(2, "tpch")).size()).isBetween(1, 100);
        assertThat(query(TpchQueries.query(18, "tpch")).size()).isBetween(1, 100);
        assertThat(query(TpchQueries.query(21, "tpch")).size()).isBetween(1, 100);
        assertThat(query(TpchQueries.query(1, "tpch")).get(0)).hasSize(10);
    }

    @Test
    void unqualifiedQueriesUseTheSearchPath() throws SQLException {
        // Tables exist only in schema tpch, so this also proves query(n, schema) qualifies every table.
        assertThatThrownBy(() -> query(TpchQueries.query(6))).isInstanceOf(SQLException.class);
        execute("SET search_path = 'tpch'");
        try {
            assertThat(query(TpchQueries.query(6))).isEqualTo(query(TpchQueries.query(6, "tpch")));
        } finally {
            execute("RESET search_path");
        }
    }

    @ParameterizedTest(name = "Q{0}")
    @MethodSource("queries")
    void queryTextIsASingleSelect(int n) {
        String sql = TpchQueries.query(n, "tpch");
        assertThat(sql).matches("(?s)^(SELECT|WITH)\\s.*");
        assertThat(sql).doesNotContain(";", "${", "--", "CREATE", "VIEW");
        assertThat(TpchQueries.query(n)).doesNotContain("${", "tpch.");
        assertThat(TpchQueries.template(n)).contains("${schema}.");
        assertThat(TpchQueries.template(n).replace("${schema}.", "")).doesNotContain("${schema}");
    }

    @Test
    void rejectsInvalidQueryNumbers() {
        assertThatThrownBy(() -> TpchQueries.query(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid TPC-H query number: 0 (expected 1..22)");
        assertThatThrownBy(() -> TpchQueries.query(23, "tpch")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpchQueries.query(1, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpchAnswers.sf1RowCount(23)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return TpchAnswers.rows(rs);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
