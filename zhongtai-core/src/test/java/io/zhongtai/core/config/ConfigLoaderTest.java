package io.zhongtai.core.config;

import io.zhongtai.core.config.ZhongtaiConfig.Engine;
import io.zhongtai.core.config.ZhongtaiConfig.LocalWarehouse;
import io.zhongtai.core.config.ZhongtaiConfig.Metadata;
import io.zhongtai.core.config.ZhongtaiConfig.S3Warehouse;
import io.zhongtai.core.config.ZhongtaiConfig.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {
    private static final Map<String, String> S3_ENV = Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret");

    @TempDir
    Path dir;
    private PlatformHome home;

    @BeforeEach
    void createHome() {
        home = PlatformHome.resolve(dir.toString(), Map.of());
    }

    @Test
    void missingFileMeansDefaults() {
        assertThat(ConfigLoader.load(home, Map.of())).isEqualTo(defaults());
    }

    @Test
    void writtenDefaultFileMeansDefaults() {
        home.initialize();
        assertThat(ConfigLoader.load(home, Map.of())).isEqualTo(defaults());
    }

    @Test
    void emptyFileAndEmptySectionsMeanDefaults() {
        assertThat(load("")).isEqualTo(defaults());
        assertThat(load("# nothing yet\nmetadata:\nserver:\n")).isEqualTo(defaults());
    }

    @Test
    void readsEverySetting() {
        ZhongtaiConfig config = load("""
                metadata:
                  url: jdbc:postgresql://db.example.com:5432/zhongtai
                  user: zhongtai
                  password-env: ZT_METADATA_PASSWORD
                  pool-size: 8
                warehouse:
                  type: s3
                  s3:
                    endpoint: http://127.0.0.1:9000
                    bucket: lake
                    prefix: /zhongtai/prod/
                    region: eu-west-1
                    path-style: false
                    access-key-env: LAKE_KEY
                    secret-key-env: LAKE_SECRET
                server:
                  bind: 0.0.0.0
                  port: 8080
                engine:
                  memory-limit: 4GB
                  threads: 6
                  target-file-size: 256MiB
                """, Map.of("ZT_METADATA_PASSWORD", "pw", "LAKE_KEY", "k", "LAKE_SECRET", "s"));

        assertThat(config).isEqualTo(new ZhongtaiConfig(
                new Metadata("jdbc:postgresql://db.example.com:5432/zhongtai", Optional.of("zhongtai"),
                        Optional.of("ZT_METADATA_PASSWORD"), 8),
                new S3Warehouse("lake", Optional.of("zhongtai/prod"), Optional.of(URI.create("http://127.0.0.1:9000")),
                        "eu-west-1", false, "LAKE_KEY", "LAKE_SECRET"),
                new Server("0.0.0.0", 8080),
                new Engine(OptionalLong.of(4_000_000_000L), 6, 256L * 1024 * 1024), ZhongtaiConfig.Alerts.NONE, ZhongtaiConfig.Lineage.NONE));
    }

    @Test
    void s3HasDefaultsForAllButTheBucket() {
        assertThat(load("warehouse:\n  type: s3\n  s3:\n    bucket: lake\n", S3_ENV).warehouse()).isEqualTo(
                new S3Warehouse("lake", Optional.empty(), Optional.empty(), "us-east-1", true,
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void homeExpandsAndRelativeWarehousePathsResolveAgainstHome() {
        ZhongtaiConfig config = load("""
                metadata:
                  url: jdbc:sqlite:${home}/db/meta.db
                warehouse:
                  path: data/lake
                """);

        assertThat(config.metadata().url()).isEqualTo("jdbc:sqlite:" + dir + "/db/meta.db");
        assertThat(config.warehouse()).isEqualTo(new LocalWarehouse(dir.resolve("data/lake")));
        assertThat(load("warehouse:\n  path: /srv/lake\n").warehouse()).isEqualTo(new LocalWarehouse(Path.of("/srv/lake")));
    }

    @ParameterizedTest
    @CsvSource({
            "'512', 512",
            "'10B', 10",
            "'1KB', 1000",
            "'1KiB', 1024",
            "'128MB', 128000000",
            "'128 MiB', 134217728",
            "'1GiB', 1073741824",
            "'2gb', 2000000000",
            "'1TiB', 1099511627776",
    })
    void sizesTakeDecimalAndBinaryUnits(String size, long bytes) {
        assertThat(load("engine:\n  target-file-size: " + size + "\n").engine().targetFileSizeBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5GB", "12XB", "GB", "99999999TiB", "'128 M B'"})
    void badSizesAreReported(String size) {
        assertThat(loadFailure("engine:\n  memory-limit: " + size + "\n", Map.of()).problems())
                .singleElement().asString()
                .startsWith("zhongtai.yaml:2:17: engine.memory-limit: must be a size such as 128MB, 1GiB or a number of bytes, got ");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = loadFailure("""
                metadata:
                  url: jdbc:mysql://db/zt
                  pool_size: 4
                  password-env: ZT_METADATA_PASSWORD
                warehouse:
                  type: hdfs
                  s3:
                    bucket: [a, b]
                    path-style: maybe
                    endpoint: ftp://files
                server:
                  bind: {}
                  port: 70000
                engine:
                  memory-limit: 4XB
                  threads: many
                  target-file-size: 0
                logging: debug
                """, Map.of());

        assertThat(e.problems()).containsExactly(
                "zhongtai.yaml:18:1: logging: unknown key, expected one of metadata, warehouse, server, engine, alerts, lineage",
                "zhongtai.yaml:3:3: metadata.pool_size: unknown key, did you mean 'pool-size'?",
                "zhongtai.yaml:2:8: metadata.url: must be a jdbc:sqlite: or jdbc:postgresql: URL, got 'jdbc:mysql://db/zt'",
                "zhongtai.yaml:4:17: metadata.password-env: environment variable ZT_METADATA_PASSWORD is not set",
                "zhongtai.yaml:6:9: warehouse.type: must be one of local, s3, got 'hdfs'",
                "zhongtai.yaml:8:5: warehouse.s3.bucket: must be a string, got a list",
                "zhongtai.yaml:10:15: warehouse.s3.endpoint: must be an http or https URL, got 'ftp://files'",
                "zhongtai.yaml:9:17: warehouse.s3.path-style: must be true or false, got 'maybe'",
                "zhongtai.yaml:12:3: server.bind: must be a string, got a mapping",
                "zhongtai.yaml:13:9: server.port: must be between 1 and 65535, got 70000",
                "zhongtai.yaml:15:17: engine.memory-limit: must be a size such as 128MB, 1GiB or a number of bytes, got '4XB'",
                "zhongtai.yaml:16:12: engine.threads: must be an integer, got 'many'",
                "zhongtai.yaml:17:21: engine.target-file-size: must be greater than 0");
        assertThat(e).hasMessageStartingWith("Cannot load configuration " + home.configFile() + ", 13 problems:\n"
                + "  zhongtai.yaml:18:1: logging: unknown key");
    }

    @Test
    void s3NeedsABucketAndCredentialsInTheEnvironment() {
        assertThat(loadFailure("""
                warehouse:
                  type: s3
                  path: /srv/lake
                  s3:
                    region: us-east-1
                """, Map.of("AWS_ACCESS_KEY_ID", "")).problems()).containsExactly(
                "zhongtai.yaml:3:9: warehouse.path: only used when warehouse.type is local",
                "zhongtai.yaml:4:3: warehouse.s3.bucket: required when warehouse.type is s3",
                "zhongtai.yaml:4:3: warehouse.s3.access-key-env: environment variable AWS_ACCESS_KEY_ID is not set",
                "zhongtai.yaml:4:3: warehouse.s3.secret-key-env: environment variable AWS_SECRET_ACCESS_KEY is not set");
    }

    @Test
    void s3SectionWithoutS3TypeIsReported() {
        assertThat(loadFailure("warehouse:\n  s3:\n    bucket: lake\n", S3_ENV).problems()).containsExactly(
                "zhongtai.yaml:2:3: warehouse.s3: only used when warehouse.type is s3");
    }

    @Test
    void sectionsAndTheRootMustBeMappings() {
        assertThat(loadFailure("server: 8080\nengine: [1]\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:1:9: server: must be a mapping, got 8080",
                "zhongtai.yaml:2:1: engine: must be a mapping, got a list");
        assertThat(loadFailure("- metadata\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:1:1: must be a mapping, got a list");
    }

    @Test
    void emptyStringsAndUnknownNestedKeysAreReported() {
        assertThat(loadFailure("""
                warehouse:
                  type: s3
                  s3:
                    bucket: ""
                    secret-key: abc
                """, S3_ENV).problems()).containsExactly(
                "zhongtai.yaml:5:5: warehouse.s3.secret-key: unknown key, did you mean 'secret-key-env'?",
                "zhongtai.yaml:4:13: warehouse.s3.bucket: must not be empty");
    }

    @Test
    void syntaxErrorsCarryLineAndColumn() {
        assertThat(loadFailure("server:\n  bind: 127.0.0.1\n port: 7070\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:3:2: syntax error: expected <block end>, but found '<block mapping start>'"
                        + " (while parsing a block mapping that starts at line 1)");
        assertThat(loadFailure("server:\n\tport: 7070\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:2:1: syntax error: found character '\\t(TAB)' that cannot start any token."
                        + " (Do not use \\t(TAB) for indentation)");
    }

    @Test
    void duplicateKeysAreSyntaxErrors() {
        assertThat(loadFailure("server:\n  port: 1\n  port: 2\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:3:7: syntax error: Duplicate field 'port'");
    }

    private ZhongtaiConfig defaults() {
        return new ZhongtaiConfig(
                new Metadata("jdbc:sqlite:" + dir.resolve("metadata.db"), Optional.empty(), Optional.empty(), 4),
                new LocalWarehouse(dir.resolve("warehouse")),
                new Server("127.0.0.1", 7070),
                new Engine(OptionalLong.empty(), 0, 128L << 20), ZhongtaiConfig.Alerts.NONE, ZhongtaiConfig.Lineage.NONE);
    }

    @Test
    void lineageEventsGoToAnHttpUrl() {
        assertThat(load("lineage:\n  openlineage-url: http://marquez:5000/api/v1/lineage\n  namespace: prod\n").lineage())
                .isEqualTo(new ZhongtaiConfig.Lineage(Optional.of(URI.create("http://marquez:5000/api/v1/lineage")), "prod"));
        assertThat(loadFailure("lineage:\n  openlineage-url: marquez\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:2:20: lineage.openlineage-url: must be an http or https URL, got 'marquez'");
    }

    @Test
    void alertEmailsGoThroughTheConfiguredSmtpServer() {
        assertThat(load("alerts:\n  smtp:\n    host: mail.example.com\n    port: 587\n    from: zt@example.com\n    user: zt\n"
                + "    password-env: SMTP_PW\n    starttls: true\n", Map.of("SMTP_PW", "x")).alerts())
                .isEqualTo(new ZhongtaiConfig.Alerts(Optional.of(new ZhongtaiConfig.Smtp("mail.example.com", 587, "zt@example.com",
                        Optional.of("zt"), Optional.of("SMTP_PW"), true))));
        assertThat(loadFailure("alerts:\n  smtp:\n    port: 0\n", Map.of()).problems()).containsExactly(
                "zhongtai.yaml:2:3: alerts.smtp.host: required: the SMTP server alert emails go through",
                "zhongtai.yaml:2:3: alerts.smtp.from: required: the sender address of alert emails",
                "zhongtai.yaml:3:11: alerts.smtp.port: must be between 1 and 65535, got 0");
    }

    private ZhongtaiConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    private ZhongtaiConfig load(String yaml, Map<String, String> env) {
        try {
            Files.writeString(home.configFile(), yaml);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(home, env);
    }

    private ConfigException loadFailure(String yaml, Map<String, String> env) {
        try {
            load(yaml, env);
        }
        catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("Expected a ConfigException for:\n" + yaml);
    }
}
