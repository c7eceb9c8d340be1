package io.zhongtai.cli;

import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.server.ZhongtaiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as an HTTP client of a real server on a real platform. */
class ClientModeTest {
    @TempDir
    static Path home;
    static Platform platform;
    static ZhongtaiServer server;
    static String token;

    @BeforeAll
    static void startServer() {
        platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of());
        token = platform.tokens().create("cli-test", Identity.localUser()).secret();
        server = ZhongtaiServer.start(platform, "127.0.0.1", 0);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static Cli.Run remote(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--server";
        all[1] = server.url();
        all[2] = "--token";
        all[3] = token;
        System.arraycopy(args, 0, all, 4, args.length);
        return Cli.runRaw("", all);
    }

    @Test
    void sourcesSyncsAndExportsThroughTheServer(@TempDir Path data) throws IOException {
        Path in = Files.createDirectories(data.resolve("in"));
        Files.writeString(in.resolve("items.csv"), "id,label\n1,one\n2,two\n3,three\n");
        Files.createDirectories(data.resolve("out"));
        Cli.Run added = remote("source", "add", "remote_files", "--type", "file", "--set", "path=" + in);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        // Registered on the server's platform, not in a local home.
        assertThat(platform.integration().sources(io.zhongtai.core.session.Session.of(Identity.localUser())))
                .anySatisfy(s -> assertThat(s.name()).isEqualTo("remote_files"));
        assertThat(remote("source", "list").out()).contains("remote_files");
        assertThat(remote("source", "types", "file").out()).contains("path");
        assertThat(remote("source", "test", "remote_files").out()).contains("reachable");
        assertThat(remote("source", "browse", "remote_files").out()).contains("items");
        assertThat(remote("source", "browse", "remote_files", "--table", "items").out()).contains("label");

        Cli.Run synced = remote("sync", "remote_files", "--tables", "items", "--format", "json");
        assertThat(synced.exitCode()).as(synced.toString()).isZero();
        assertThat(synced.out()).contains("\"status\":\"succeeded\"").contains("\"targetTable\":\"ods.remote_files_items\"");
        assertThat(remote("sql", "--format", "csv", "SELECT count(*) FROM ods.remote_files_items").out()).contains("3");
        assertThat(remote("source", "status", "remote_files").out()).contains("ods.remote_files_items");

        Cli.Run detached = remote("sync", "remote_files", "--tables", "items", "--detach");
        assertThat(detached.exitCode()).as(detached.toString()).isZero();
        assertThat(detached.out()).startsWith("Started sync job ");

        assertThat(remote("source", "add", "remote_out", "--type", "file", "--set", "path=" + data.resolve("out")).exitCode()).isZero();
        Cli.Run exported = remote("export", "ods.remote_files_items", "--to", "remote_out", "--table", "items.csv");
        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("Exported 3 rows");

        Cli.Run missing = remote("source", "show", "no_such_source");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("no_such_source");
    }

    @Test
    void sqlThroughTheServer() {
        Cli.Run create = remote("sql", "CREATE TABLE ods.r (id BIGINT, name VARCHAR); INSERT INTO ods.r VALUES (1, 'a'), (2, 'b')");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.out()).startsWith("CREATE TABLE ods.r\nINSERT 2 rows into ods.r (snapshot ");

        Cli.Run select = remote("sql", "USE ods; SELECT * FROM r ORDER BY id");
        assertThat(select.exitCode()).as(select.toString()).isZero();
        assertThat(select.out()).isEqualTo("""
                USE ods

                 id | name
                ----+------
                  1 | a
                  2 | b
                (2 rows)
                """);

        // More rows than one page: fetched through the server's cursor.
        Cli.Run many = remote("sql", "--format", "csv", "SELECT i FROM range(2500) t(i)");
        assertThat(many.exitCode()).as(many.toString()).isZero();
        assertThat(many.out().lines()).hasSize(2501).endsWith("2499");
    }

    @Test
    void errorsKeepTheirKindAndPositionInTheScript() {
        Cli.Run run = remote("sql", "SELECT 1;\nSELECT * FROM\n  ods.nope");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("""
                Error: Table does not exist: ods.nope (at line 3, column 3)
                LINE 3:   ods.nope
                          ^
                """);
    }

    @Test
    void uploadsFilesAndShowsHistory(@TempDir Path data) throws IOException {
        Path csv = Files.writeString(data.resolve("u.csv"), "id,v\n1,x\n2,y\n");

        Cli.Run load = remote("load", "ods.u", csv.toString(), "--create");
        assertThat(load.exitCode()).as(load.toString()).isZero();
        assertThat(load.out()).startsWith("Loaded 2 rows (").contains("\nCreated table ods.u\n");

        Cli.Run history = remote("table", "history", "ods.u", "--format", "csv");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out().lines()).hasSize(2);
    }

    @Test
    void badTokenIsRefused() {
        Cli.Run run = Cli.runRaw("", "--server", server.url(), "--token", "zt_wrong", "sql", "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("Error: Invalid or revoked token\n");
    }

    @Test
    void unreachableServer() {
        Cli.Run run = Cli.runRaw("", "--server", "http://127.0.0.1:1", "sql", "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: Cannot reach the Zhongtai server at http://127.0.0.1:1: connection refused\n");
    }
}
