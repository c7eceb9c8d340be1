package io.zhongtai.core;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.testkit.tpch.TpchAnswers;
import io.zhongtai.testkit.tpch.TpchData;
import io.zhongtai.testkit.tpch.TpchQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TPC-H SF 0.01 loaded from CSV through Zhongtai into ods; every query's answer must equal
 * DuckDB's over the same raw data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchQueriesIT {
    PlatformFixture zt;
    Connection direct;

    @BeforeAll
    void load(@TempDir Path dir) throws Exception {
        Map<String, Path> csv = TpchData.writeCsv(dir.resolve("csv"), 0.01, true);
        zt = new PlatformFixture(dir.resolve("home"));
        direct = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = direct.createStatement()) {
            s.execute("CREATE SCHEMA ods");
        }
        for (String table : TpchData.TABLES) {
            zt.run(TpchData.createTableDdl("ods", table));
            zt.sessions().load(zt.session, new LoadRequest(new TableName("ods", table), List.of(csv.get(table).toString()), "csv",
                    LoadRequest.Mode.APPEND, false, 0, null, null), ProgressListener.NONE);
            try (Statement s = direct.createStatement()) {
                s.execute(TpchData.createTableDdl("ods", table));
                s.execute(TpchData.insertFromCsvSql("ods", table, csv.get(table)));
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        direct.close();
        zt.close();
    }

    static IntStream queries() {
        return IntStream.rangeClosed(1, TpchQueries.COUNT);
    }

    @ParameterizedTest(name = "Q{0}")
    @MethodSource("queries")
    void answerMatchesDuckDbOverTheRawData(int n) throws Exception {
        String sql = TpchQueries.query(n, "ods");
        List<List<Object>> expected;
        try (Statement s = direct.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            expected = TpchAnswers.rows(rs);
        }
        List<List<Object>> actual = zt.rows(sql);
        assertThat(TpchAnswers.diff(expected, actual)).as("Q%d", n).isNull();
        assertThat(actual).as("Q%d returns rows", n).isNotEmpty();
    }
}
