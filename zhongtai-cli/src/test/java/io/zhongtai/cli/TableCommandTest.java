package io.zhongtai.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableCommandTest {
    @TempDir
    Path home;

    @Test
    void historyTagAndRollback() {
        Cli cli = new Cli(home);
        assertThat(cli.run("sql", "CREATE TABLE ods.t (id INT); INSERT INTO ods.t VALUES (1); INSERT INTO ods.t VALUES (2), (3)")
                .exitCode()).isZero();

        Cli.Run history = cli.run("table", "history", "ods.t", "--format", "csv");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("snapshot_id,parent_id,committed_at,operation,current,refs,added_rows,total_rows");
        String[] first = lines.get(1).split(",");
        String[] second = lines.get(2).split(",");
        assertThat(first[1]).isEmpty();
        assertThat(first[3]).isEqualTo("append");
        assertThat(first[4]).isEqualTo("false");
        assertThat(first[7]).isEqualTo("1");
        assertThat(second[1]).isEqualTo(first[0]);
        assertThat(second[4]).isEqualTo("true");
        assertThat(second[5]).isEqualTo("main");
        assertThat(second[6]).isEqualTo("2");
        assertThat(second[7]).isEqualTo("3");

        Cli.Run tag = cli.run("table", "tag", "ods.t", "one_row", "--snapshot", first[0]);
        assertThat(tag.exitCode()).as(tag.toString()).isZero();
        assertThat(tag.out()).isEqualTo("Tagged snapshot " + first[0] + " as one_row\n");
        assertThat(cli.run("sql", "--format", "csv", "SELECT count(*) AS n FROM ods.t AT (VERSION => 'one_row')").out())
                .isEqualTo("n\n1\n");

        Cli.Run rollback = cli.run("table", "rollback", "ods.t", "--to", first[0]);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).isEqualTo("Table ods.t is now at snapshot " + first[0] + "\n");
        assertThat(cli.run("sql", "--format", "csv", "SELECT count(*) AS n FROM ods.t").out()).isEqualTo("n\n1\n");

        Cli.Run json = cli.run("table", "history", "ods.t", "--format", "json");
        assertThat(json.out()).startsWith("[{\"snapshot_id\":" + first[0] + ",\"parent_id\":null,\"committed_at\":\"")
                .containsAnyOf("\"current\":true,\"refs\":[\"main\",\"one_row\"]", "\"current\":true,\"refs\":[\"one_row\",\"main\"]")
                .contains("\"summary\":{");

        Cli.Run missing = cli.run("table", "rollback", "ods.t", "--to", "42");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).isEqualTo("Error: Table ods.t has no snapshot 42\n");
    }

    @Test
    void showFilesPartitionsAndMaintenance() {
        Cli cli = new Cli(home);
        assertThat(cli.run("sql", "CREATE TABLE ods.p (id INT, region VARCHAR) PARTITIONED BY (region); "
                + "INSERT INTO ods.p VALUES (1, 'east'), (2, 'west'); INSERT INTO ods.p VALUES (3, 'east')").exitCode()).isZero();

        Cli.Run show = cli.run("table", "show", "ods.p");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).startsWith("name               ods.p\n").contains("\npartitionBy        region\n")
                .contains("\nrows               3\n")
                .contains("""
                         field_id | name   | type    | nullable | comment
                        ----------+--------+---------+----------+---------
                                1 | id     | INTEGER | true     | NULL
                                2 | region | VARCHAR | true     | NULL
                        (2 rows)
                        """);

        Cli.Run partitions = cli.run("table", "partitions", "ods.p", "--format", "csv");
        assertThat(partitions.out()).startsWith("partition,files,rows,bytes\n").contains("\nregion=east,2,2,").contains("\nregion=west,1,1,");

        Cli.Run files = cli.run("table", "files", "ods.p", "--format", "json");
        assertThat(files.out()).startsWith("[{\"path\":\"").contains("\"partition\":\"region=east\",\"rows\":1,");

        Cli.Run compact = cli.run("table", "compact", "ods.p");
        assertThat(compact.exitCode()).as(compact.toString()).isZero();
        assertThat(compact.out()).isEqualTo("Rewrote 2 file(s) into 1\n");

        Cli.Run expire = cli.run("table", "expire", "ods.p", "--older-than", "0s", "--retain-last", "1", "--format", "json");
        assertThat(expire.exitCode()).as(expire.toString()).isZero();
        assertThat(expire.out()).startsWith("{\"table\":\"ods.p\",\"action\":\"expire\",\"summary\":\"Expired 2 snapshot(s)");

        Cli.Run clean = cli.run("table", "clean", "ods.p", "--dry-run");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).isEqualTo("Would delete 0 orphan file(s), 0 bytes\n");
        assertThat(cli.run("sql", "--format", "csv", "SELECT count(*) AS n FROM ods.p").out()).isEqualTo("n\n3\n");
    }

    @Test
    void badDurationIsAUsageError() {
        Cli.Run run = new Cli(home).run("table", "expire", "ods.t", "--older-than", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--older-than': Invalid duration 'soon'");
    }
}
