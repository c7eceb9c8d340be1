package io.zhongtai.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SqlCommandTest {
    @TempDir
    static Path home;
    static Cli cli;

    @BeforeAll
    static void createTable() {
        cli = new Cli(home);
        Cli.Run run = cli.run("sql", """
                CREATE TABLE ods.people (id BIGINT, name VARCHAR, score DOUBLE, joined DATE);
                INSERT INTO ods.people VALUES (1, 'alice', 1.5, DATE '2024-01-02'), (2, NULL, NULL, NULL),
                                              (3, '张三', 10, DATE '2024-03-04'), (4, 'a "quoted", value', -2.25, NULL);
                """);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("CREATE TABLE ods.people\nINSERT 4 rows into ods.people (snapshot ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void tableFormatIsPinned() throws IOException {
        Cli.Run run = cli.run("sql", "SELECT * FROM ods.people ORDER BY id");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(golden("sql-select-table.txt"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void csvFormatQuotesAsRfc4180AndTellsNullFromEmpty() {
        Cli.Run run = cli.run("sql", "--format", "csv", "SELECT id, name, score, '' AS empty FROM ods.people ORDER BY id");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                id,name,score,empty
                1,alice,1.5,""
                2,,,""
                3,张三,10.0,""
                4,"a ""quoted"", value",-2.25,""
                """);
    }

    @Test
    void jsonFormatPrintsOneArrayPerResult() {
        Cli.Run run = cli.run("--format", "json", "sql", "SELECT id, name, joined FROM ods.people WHERE id <= 2 ORDER BY id");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("[{\"id\":1,\"name\":\"alice\",\"joined\":\"2024-01-02\"},{\"id\":2,\"name\":null,\"joined\":null}]\n");
    }

    @Test
    void scriptsPrintNdjsonAndStatusObjects() {
        Cli.Run run = cli.run("sql", "--format", "json", "USE ods; SELECT count(*) AS n FROM people; SELECT 'x' AS y");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                {"summary":"USE ods","updateCount":0}
                [{"n":4}]
                [{"y":"x"}]
                """);
    }

    @Test
    void syntaxErrorExitsWithItsKindAndPointsAtTheColumn() {
        Cli.Run run = cli.run("sql", "SELECT 1;\nSELECT id FROM ods.people WHERE id = = 1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEqualTo(" 1\n---\n 1\n(1 row)\n");
        assertThat(run.err()).isEqualTo("""
                Error: Syntax error at line 2, column 38: syntax error at or near "="
                LINE 2: SELECT id FROM ods.people WHERE id = = 1
                                                             ^
                """);
    }

    @Test
    void unknownTableIsNotFound() {
        Cli.Run run = cli.run("sql", "SELECT *\n  FROM ods.nope");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                Error: Table does not exist: ods.nope (at line 2, column 8)
                LINE 2:   FROM ods.nope
                               ^
                """);
    }

    @Test
    void csvAndJsonErrorsCarryThePositionButNoCaret() {
        Cli.Run run = cli.run("sql", "--format", "csv", "SELECT * FROM nope");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("Error: Table does not exist: ods.nope (at line 1, column 15)\n");
    }

    @Test
    void readsTheScriptFromStdinWhenNotOnATerminal() {
        Cli.Run run = cli.runWithInput("SELECT max(id) AS m FROM ods.people;\nSELECT 2 AS two;\n", "sql", "--format", "csv");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("m\n4\n\ntwo\n2\n");
    }

    @Test
    void runsAScriptFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("q.sql");
        Files.writeString(file, "-- a comment\nSELECT name FROM ods.people WHERE id = 3;\n");

        Cli.Run run = cli.run("sql", "-f", file.toString(), "--format", "csv");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("name\n张三\n");

        Cli.Run missing = cli.run("sql", "-f", dir.resolve("missing.sql").toString());
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).startsWith("Error: Cannot read SQL file, no such file: ");
    }

    @Test
    void sqlAndFileTogetherIsAUsageError() {
        Cli.Run run = cli.run("sql", "-f", "x.sql", "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Give either SQL or --file, not both");
    }

    static String golden(String name) throws IOException {
        try (InputStream in = SqlCommandTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
