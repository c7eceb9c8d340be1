package io.zhongtai.core.sql;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way user SQL could reach files, the network, extensions or engine settings is refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxTest {
    PlatformFixture zt;
    Path secret;
    String dataFile;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        zt = new PlatformFixture(dir.resolve("home"));
        zt.run("CREATE TABLE ods.t (id INTEGER, v VARCHAR)");
        zt.run("INSERT INTO ods.t VALUES (1, 'a')");
        secret = dir.resolve("secret.csv");
        Files.writeString(secret, "password\nhunter2\n");
        dataFile = zt.sessions().files(zt.session, new io.zhongtai.core.lakehouse.TableName("ods", "t")).get(0).path();
    }

    @AfterAll
    void tearDown() {
        zt.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SELECT * FROM read_csv('/etc/passwd')                   | table function read_csv() is not allowed",
            "SELECT * FROM read_text('/etc/passwd')                  | table function read_text() is not allowed",
            "SELECT * FROM read_parquet('@DATA@')                    | table function read_parquet() is not allowed",
            "SELECT * FROM '@DATA@'                                  | Table does not exist",
            "SELECT * FROM '/etc/passwd'                             | Table does not exist",
            "SELECT * FROM glob('/*')                                | table function glob() is not allowed",
            "SELECT * FROM query('SELECT 1')                         | table function query() is not allowed",
            "SELECT * FROM duckdb_settings()                         | table function duckdb_settings() is not allowed",
            "SELECT * FROM information_schema.tables                 | Table does not exist",
            "SELECT * FROM memory.main.x                             | three-part names",
            "SELECT (SELECT count(*) FROM read_csv('@SECRET@'))      | table function read_csv() is not allowed",
            "SELECT * FROM (WITH duckdb_views AS (SELECT 1) SELECT 1), duckdb_views | Table does not exist: ods.duckdb_views",
            "SELECT * FROM duckdb_databases                          | Table does not exist: ods.duckdb_databases",
            "WITH x AS (SELECT * FROM read_json('/etc/x')) SELECT 1  | table function read_json() is not allowed",
            "COPY ods.t TO '/tmp/out.csv'                            | Statement not allowed: COPY",
            "COPY (SELECT 1) TO '/tmp/out.parquet'                   | Statement not allowed: COPY",
            "ATTACH '/tmp/other.db'                                  | Statement not allowed: ATTACH",
            "INSTALL httpfs                                          | Statement not allowed: INSTALL",
            "LOAD httpfs                                             | Statement not allowed: LOAD",
            "SET enable_external_access = true                       | Statement not allowed: SET",
            "PRAGMA enable_profiling                                 | Statement not allowed: PRAGMA",
            "EXPORT DATABASE '/tmp/dump'                             | Statement not allowed: EXPORT",
            "CALL pragma_version()                                   | Statement not allowed: CALL",
            "CREATE MACRO m(x) AS x                                  | only CREATE SCHEMA and CREATE TABLE",
            "CREATE SECRET s (TYPE s3)                               | only CREATE SCHEMA and CREATE TABLE",
    })
    void queryEscapesAreRefused(String sql, String message) {
        String resolved = sql.replace("@DATA@", dataFile).replace("@SECRET@", secret.toString());
        assertThatThrownBy(() -> zt.rows(resolved)).isInstanceOf(ZhongtaiException.class).hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void aStatementCannotHideBehindACarriageReturnComment() {
        assertThatThrownBy(() -> zt.run("DELETE FROM ods.t WHERE false --x\r; COPY (SELECT 1) TO '/tmp/zt-escape.csv'"))
                .isInstanceOf(ZhongtaiException.class).hasMessageContaining("Expected one SQL statement, found 2");
        assertThat(java.nio.file.Path.of("/tmp/zt-escape.csv")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "UPDATE ods.t SET v = (SELECT string_agg(password, ',') FROM read_csv('@SECRET@'))",
            "UPDATE ods.t SET v = (SELECT content FROM read_text('@SECRET@'))",
            "DELETE FROM ods.t WHERE id IN (SELECT 1 FROM '@SECRET@')",
            "MERGE INTO ods.t USING (SELECT * FROM read_parquet('@DATA@')) s ON t.id = s.id WHEN MATCHED THEN DELETE",
    })
    void writesCannotReadFilesEither(String sql) {
        String resolved = sql.replace("@DATA@", dataFile).replace("@SECRET@", secret.toString());
        assertThatThrownBy(() -> zt.run(resolved)).isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("disabled by configuration");
        assertThat(zt.rows("SELECT v FROM ods.t")).containsExactly(java.util.List.of("a"));
    }
}
