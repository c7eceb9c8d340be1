package io.zhongtai.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BackupCommandTest {
    @TempDir
    Path dir;

    @Test
    void addBackUpListVerifyRestoreAndRecoverAWholeHome() {
        Map<String, String> env = Map.of(BackupCommand.PASSPHRASE_ENV, "s3cret passphrase");
        Cli cli = new Cli(dir.resolve("home"), env);
        Cli.Run sql = cli.run("sql", "CREATE TABLE dwd.orders AS SELECT i AS id, i * 2 AS amount FROM range(0, 1000) t(i)");
        assertThat(sql.exitCode()).as(sql.toString()).isZero();
        String url = dir.resolve("repo").toUri().toString();

        Cli.Run none = cli.run("backup", "create");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("Error: No backup repository is registered: add one with `zhongtai backup repo add`\n");

        Cli.Run added = cli.run("backup", "repo", "add", "offsite", "--url", url);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).startsWith("Added backup repository offsite at " + url);

        Cli.Run created = cli.run("backup", "create", "--tag", "first", "--format", "json");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Matcher id = Pattern.compile("\"backup_id\":\"([^\"]+)\"").matcher(created.out());
        assertThat(id.find()).as(created.out()).isTrue();
        String backupId = id.group(1);
        assertThat(created.out()).contains("\"tables\":1", "\"rows\":1000");

        Cli.Run list = cli.run("backup", "list", "--format", "csv");
        assertThat(list.out()).startsWith("backup_id,created_at,tag,scope,tables,rows,size,added,duration\n").contains(backupId + ",");

        Cli.Run verify = cli.run("backup", "verify", "--read-data");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).matches("Verified 1 backup, \\d+ objects \\(.* read and checked\\): no problems\n");

        Cli.Run dry = cli.run("restore", backupId, "--tables", "dwd.orders", "--as", "dwd.orders_copy", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).startsWith("Would restore 1 table of backup " + backupId + ": 1,000 rows").contains("dwd.orders_copy", "new table");
        assertThat(cli.run("sql", "SELECT count(*) FROM dwd.orders_copy").exitCode()).isEqualTo(4);

        Cli.Run restored = cli.run("restore", backupId, "--tables", "dwd.orders", "--as", "dwd.orders_copy");
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
        assertThat(cli.run("sql", "SELECT sum(amount) FROM dwd.orders_copy", "--format", "csv").out()).contains("999000");

        Cli.Run status = cli.run("backup", "status", "--format", "csv");
        assertThat(status.out()).contains("dwd.orders," + backupId + ",").contains("dwd.orders_copy,,,never backed up");
        assertThat(cli.run("backup", "runs", "--format", "csv").out().lines().skip(1).map(l -> l.split(",")[1]))
                .containsExactly("restore", "verify", "backup");

        Cli.Run noRepoUrl = cli.run("restore", backupId, "--into-home", dir.resolve("new").toString());
        assertThat(noRepoUrl.exitCode()).isEqualTo(2);
        Cli.Run whole = Cli.runRawWithEnv(env, "", "--home", dir.resolve("unused").toString(), "restore", backupId, "--repo-url", url,
                "--into-home", dir.resolve("new").toString());
        assertThat(whole.exitCode()).as(whole.toString()).isZero();
        assertThat(new Cli(dir.resolve("new"), env).run("sql", "SELECT count(*) FROM dwd.orders", "--format", "csv").out()).contains("1000");

        Cli.Run wrong = Cli.runRawWithEnv(Map.of(BackupCommand.PASSPHRASE_ENV, "nope"), "", "--home", dir.resolve("unused").toString(),
                "restore", backupId, "--repo-url", url, "--into-home", dir.resolve("other").toString());
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).startsWith("Error: Cannot open backup repository ").contains("the passphrase is wrong");
        assertThat(dir.resolve("other")).doesNotExist();
    }
}
