package io.zhongtai.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code source}, {@code sync} and {@code export} end to end with the real file connector. */
class SourceSyncCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path data;

    private Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(home);
        Path in = Files.createDirectories(data.resolve("in"));
        StringBuilder csv = new StringBuilder("id,city,amount\n");
        for (int i = 1; i <= 300; i++) {
            csv.append(i).append(',').append(i % 2 == 0 ? "Hangzhou" : "\"Beijing, CN\"").append(',').append(i).append(".5\n");
        }
        Files.writeString(in.resolve("orders.csv"), csv);
        Files.createDirectories(data.resolve("out"));
    }

    private Cli.Run ok(String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void addBrowseSyncExportAndRemove() throws IOException {
        assertThat(ok("source", "types").out()).contains("file", "postgres", "mysql", "kafka", "rabbitmq", "http");
        assertThat(ok("source", "add", "shop", "--type", "file", "--set", "path=" + data.resolve("in")).out()).contains("Added source shop (file)");
        assertThat(ok("source", "list").out()).contains("shop", "file");
        assertThat(ok("source", "test", "shop").out()).contains("Source shop is reachable");
        assertThat(ok("source", "browse", "shop").out()).as("no namespaces: the tables right away").contains("orders");
        assertThat(ok("source", "browse", "shop", "--table", "orders").out()).contains("id", "city", "amount");

        Cli.Run synced = ok("sync", "shop", "--tables", "orders", "--format", "json");
        assertThat(synced.out()).contains("\"rows\"").contains("ods.shop_orders");
        assertThat(ok("sql", "SELECT count(*) AS n, count(DISTINCT city) AS cities FROM ods.shop_orders", "--format", "csv").out())
                .contains("300,2");
        // Re-running a full sync replaces the rows: still 300, not 600.
        ok("sync", "shop", "--tables", "orders");
        assertThat(ok("sql", "SELECT count(*) FROM ods.shop_orders", "--format", "csv").out()).contains("300");
        assertThat(ok("source", "status", "shop").out()).contains("ods.shop_orders");

        ok("source", "add", "outbox", "--type", "file", "--set", "path=" + data.resolve("out"));
        Cli.Run exported = ok("export", "SELECT city, count(*) AS n FROM ods.shop_orders GROUP BY city", "--to", "outbox",
                "--table", "cities.csv", "--mode", "overwrite");
        assertThat(exported.out()).contains("2");
        try (Stream<Path> files = Files.walk(data.resolve("out"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> read(p)).reduce("", String::concat)).contains("Hangzhou", "150");
        }

        ok("source", "remove", "shop");
        Cli.Run gone = cli.run("source", "show", "shop");
        assertThat(gone.exitCode()).as(gone.toString()).isNotZero();
        assertThat(gone.err()).contains("shop");
    }

    @Test
    void invalidOptionsAreAllListedAndNothingIsRegistered() {
        Cli.Run bad = cli.run("source", "add", "bad", "--type", "file", "--set", "pth=/tmp", "--set", "format=xml");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("pth", "format", "path");
        assertThat(ok("source", "list", "--format", "json").out()).doesNotContain("\"bad\"");

        Cli.Run unknownType = cli.run("source", "add", "odd", "--type", "oracle");
        assertThat(unknownType.exitCode()).isEqualTo(2);
        assertThat(unknownType.err()).contains("oracle", "postgres");
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverPrinted() {
        Cli.Run missing = cli.run("source", "add", "bucket", "--type", "file", "--set", "path=s3://bucket/data/",
                "--secret", "s3-secret-access-key=ZT_TEST_UNSET_VARIABLE");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("ZT_TEST_UNSET_VARIABLE");

        Cli withSecret = new Cli(home, Map.of("ZT_S3_SECRET", "very-secret-value"));
        Cli.Run added = withSecret.run("source", "add", "bucket", "--type", "file", "--set", "path=s3://bucket/data/",
                "--set", "s3-access-key-id=AKIATEST", "--secret", "s3-secret-access-key=ZT_S3_SECRET");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        Cli.Run shown = ok("source", "show", "bucket", "--format", "json");
        assertThat(shown.out()).contains("******").doesNotContain("very-secret-value");
        assertThat(ok("source", "list").out()).doesNotContain("very-secret-value");
    }

    @Test
    void syncNeedsTablesOrAll() {
        ok("source", "add", "shop", "--type", "file", "--set", "path=" + data.resolve("in"));
        Cli.Run neither = cli.run("sync", "shop");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--tables", "--all");
        Cli.Run missingTable = cli.run("sync", "shop", "--tables", "nope");
        assertThat(missingTable.exitCode()).as(missingTable.toString()).isNotZero();
        assertThat(missingTable.err() + missingTable.out()).contains("nope");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
