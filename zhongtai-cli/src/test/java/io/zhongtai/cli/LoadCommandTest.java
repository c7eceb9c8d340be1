package io.zhongtai.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LoadCommandTest {
    @TempDir
    Path home;
    @TempDir
    Path data;

    @Test
    void badRowFailsTheLoadUnlessMaxErrorsAllowsIt() throws IOException {
        Cli cli = new Cli(home);
        Path good = Files.writeString(data.resolve("good.csv"), "id,name,amount\n1,a,1.5\n2,b,2.5\n");
        Path bad = Files.writeString(data.resolve("bad.csv"), "id,name,amount\n3,c,3.5\n4,d,not-a-number\n5,e,5.5\n");

        Cli.Run created = cli.run("load", "ods.sales", good.toString(), "--create");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).matches("(?s)Loaded 2 rows \\(\\d+ B, 1 file\\) into ods.sales in .+ \\(.+ rows/s\\)\n"
                + "Snapshot: \\d+\nCreated table ods.sales\n");

        Cli.Run refused = cli.run("load", "ods.sales", bad.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).startsWith("Error: Load into ods.sales failed, nothing was committed: 1 malformed row(s), --max-errors is 0:")
                .contains(bad + ":3 (column amount): ");
        assertThat(count(cli)).isEqualTo("2");

        Cli.Run partial = cli.run("load", "ods.sales", bad.toString(), "--max-errors", "1");
        assertThat(partial.exitCode()).as(partial.toString()).isZero();
        assertThat(partial.out()).startsWith("Loaded 2 rows (")
                .contains("\nRejected 1 row (skipped):\n  " + bad + ":3 (column amount): ");
        assertThat(count(cli)).isEqualTo("4");

        Cli.Run json = cli.run("load", "ods.sales", bad.toString(), "--max-errors", "1", "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).startsWith("{\"table\":\"ods.sales\",\"files\":1,\"rows\":2,")
                .contains("\"rejectedRows\":1,\"rejected\":[{\"file\":\"" + bad + "\",\"line\":3,\"column\":\"amount\",");
    }

    @Test
    void csvOptionsAndGlobs() throws IOException {
        Cli cli = new Cli(home);
        Files.writeString(data.resolve("p1.txt"), "1;x;NA\n2;y;2024-01-05\n");
        Files.writeString(data.resolve("p2.txt"), "3;z;2024-02-06\n");

        Cli.Run run = cli.run("load", "ods.parts", data.resolve("p*.txt").toString(), "--create", "--format", "csv",
                "--delimiter", ";", "--no-header", "--null-string", "NA", "--schema", "id BIGINT, name VARCHAR, day DATE");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Loaded 3 rows (").contains(", 2 files) into ods.parts");

        Cli.Run rows = cli.run("sql", "--format", "csv", "SELECT * FROM ods.parts ORDER BY id");
        assertThat(rows.out()).isEqualTo("id,name,day\n1,x,\n2,y,2024-01-05\n3,z,2024-02-06\n");
    }

    @Test
    void missingFileIsNotFound() {
        Cli.Run run = new Cli(home).run("load", "ods.t", data.resolve("nothing.csv").toString(), "--create");

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).startsWith("Error: ").contains("nothing.csv");
    }

    @Test
    void tableNameNeedsANamespace() {
        Cli.Run run = new Cli(home).run("load", "orders", "x.csv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Error: Invalid table name 'orders': expected <namespace>.<table>\n");
    }

    private static String count(Cli cli) {
        Cli.Run run = cli.run("sql", "--format", "csv", "SELECT count(*) AS n FROM ods.sales");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out().substring("n\n".length()).strip();
    }
}
