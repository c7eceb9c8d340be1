package io.zhongtai.connector.file;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.session.Session;
import io.zhongtai.spi.connector.WriteMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Syncs and exports through the real platform (Iceberg + DuckDB), which reads the connector's file batches itself. */
class FilePlatformIT {
    private static final Logger LOG = LoggerFactory.getLogger(FilePlatformIT.class);

    @TempDir
    Path home;
    @TempDir
    Path data;
    @TempDir
    Path out;

    private PlatformFixture fixture;
    private IntegrationService integration;
    private Session session;

    @BeforeEach
    void open() {
        fixture = new PlatformFixture(home);
        session = fixture.session;
        integration = fixture.platform.integration();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void addSource(String name, Path path, Map<String, String> extra) {
        Map<String, String> options = new java.util.HashMap<>(extra);
        options.put("path", path.toString());
        integration.addSource(session, name, "file", options, Map.of(), "test files");
    }

    private SyncResult syncAll(String source) {
        return integration.sync(session, new SyncRequest(source, List.of(), true, "ods", SyncMode.FULL, Optional.empty(), 4, false, null),
                SyncListener.NONE, new AtomicBoolean());
    }

    private SyncResult sync(String source, String table) {
        return integration.sync(session, new SyncRequest(source, List.of(table), false, "ods", SyncMode.FULL, Optional.empty(), 4, false, null),
                SyncListener.NONE, new AtomicBoolean());
    }

    @Test
    void incrementalSyncsReadOnlyFilesModifiedSinceTheLastSync() throws Exception {
        Path first = TestFiles.write(data, "logs/2024-01-01.csv", "id,msg\n1,a\n2,b\n");
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2024-01-01T00:00:00Z")));
        addSource("files", data, Map.of("file-columns", "true"));
        SyncRequest incremental = new SyncRequest("files", List.of("logs"), false, "ods", SyncMode.INCREMENTAL,
                Optional.of(FileMetadata.MODIFIED), 2, false, null);
        integration.sync(session, incremental, SyncListener.NONE, new AtomicBoolean());
        assertThat(fixture.rows("SELECT id, _file, _modified FROM ods.files_logs ORDER BY id").toString())
                .isEqualTo("[[1, " + first + ", 2024-01-01T00:00Z], [2, " + first + ", 2024-01-01T00:00Z]]");

        Path second = TestFiles.write(data, "logs/2024-01-02.csv", "id,msg\n3,c\n");
        Files.setLastModifiedTime(second, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2024-01-02T00:00:00Z")));
        SyncResult next = integration.sync(session, incremental, SyncListener.NONE, new AtomicBoolean());
        assertThat(next.rows()).isEqualTo(1);
        assertThat(next.tables().get(0).position()).contains("2024-01-02T00:00:00Z");
        assertThat(value("SELECT count(*) FROM ods.files_logs")).isEqualTo(3L);
        assertThat(integration.sync(session, incremental, SyncListener.NONE, new AtomicBoolean()).rows()).isZero();
    }

    @Test
    void s3ObjectsSyncAndExportsLandInTheBucket() throws Exception {
        try (io.zhongtai.testkit.TestingS3 s3 = new io.zhongtai.testkit.TestingS3()) {
            s3.put("raw/orders/a.csv", "id,amount\n1,1.5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s3.put("raw/orders/b.jsonl", "{\"id\":2,\"amount\":2.5}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            integration.addSource(session, "lake", "file", Map.of("path", "s3://" + io.zhongtai.testkit.TestingS3.BUCKET + "/raw",
                    "s3-endpoint", s3.endpoint().toString(), "s3-access-key-id", s3.accessKey(), "s3-path-style-access", "true"),
                    Map.of("s3-secret-access-key", s3.secretKey()), "test bucket");
            assertThat(sync("lake", "orders").rows()).isEqualTo(2);
            assertThat(value("SELECT sum(amount) FROM ods.lake_orders")).isEqualTo(4.0);
            integration.export(session, new ExportRequest("ods.lake_orders", "lake", "totals.csv", WriteMode.OVERWRITE, List.of()), n -> { });
            assertThat(s3.keys("raw/totals/")).singleElement().satisfies(k -> assertThat(k).endsWith(".csv"));
        }
    }

    private Object value(String sql) {
        return fixture.rows(sql).get(0).get(0);
    }

    @Test
    void everyFormatAndATableOfMixedFilesSyncIntoTheLakehouse() {
        TestFiles.write(data, "orders.csv", "id,customer,amount,day\n1,Ann,10.50,2024-01-01\n2,\"Bo, Jr.\",20.25,2024-01-02\n");
        TestFiles.write(data, "sales/2024-01.csv", "id,amount\n1,10\n2,20\n");
        TestFiles.write(data, "sales/2024-02.jsonl", "{\"id\":3,\"amount\":2.5,\"note\":\"late\"}\n");
        TestFiles.copy(data, "sales/2024-03.parquet", "SELECT 4::INTEGER AS id, 7.5::DOUBLE AS amount, 'x' AS note", "FORMAT parquet");
        TestFiles.write(data, "events.ndjson", "{\"id\":1,\"payload\":{\"a\":[1,2]},\"tags\":[\"x\"]}\n{\"id\":2,\"payload\":null}\n");
        TestFiles.write(data, "people.tsv", "name\tcity\n中文\tcafé\n");
        addSource("files", data, Map.of());

        SyncResult result = syncAll("files");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.tables()).extracting(SyncResult.TableResult::targetTable)
                .containsExactlyInAnyOrder("ods.files_orders", "ods.files_sales", "ods.files_events", "ods.files_people");
        assertThat(fixture.rows("SELECT customer, amount, day FROM ods.files_orders ORDER BY id").toString())
                .isEqualTo("[[Ann, 10.5, 2024-01-01], [Bo, Jr., 20.25, 2024-01-02]]");
        assertThat(fixture.rows("SELECT id, amount, note FROM ods.files_sales ORDER BY id").toString())
                .isEqualTo("[[1, 10.0, null], [2, 20.0, null], [3, 2.5, late], [4, 7.5, x]]");
        assertThat(value("SELECT payload FROM ods.files_events WHERE id = 1").toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(fixture.rows("SELECT name, city FROM ods.files_people").toString()).isEqualTo("[[中文, café]]");
    }

    /**
     * Errors the connector cannot see while sampling (a bad row after DuckDB's 20,480-row sample) surface from the
     * platform's own read of the file batch: they name the file, the line, its text and the column.
     */
    @Test
    void malformedRowsBeyondTheSampleFailTheSyncWithTheLine() throws Exception {
        StringBuilder csv = new StringBuilder("id,amount\n");
        for (int i = 1; i <= 25_000; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        TestFiles.write(data, "wide/big.csv", csv + "25001,1,surplus\n");
        TestFiles.write(data, "typed/big.csv", csv + "25001,not-a-number\n");
        addSource("files", data, Map.of());

        assertThatThrownBy(() -> sync("files", "wide"))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("Cannot read " + data.resolve("wide/big.csv"))
                .hasMessageContaining("CSV Error on Line: 25002")
                .hasMessageContaining("25001,1,surplus")
                .hasMessageNotContaining("COPY (");
        assertThatThrownBy(() -> sync("files", "typed"))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessageContaining("Cannot read " + data.resolve("typed/big.csv"))
                .hasMessageContaining("CSV Error on Line: 25002")
                .hasMessageContaining("Error when converting column \"amount\". Could not convert string \"not-a-number\"");
        TestFiles.write(data, "events/a.jsonl", "{\"id\":1}\n{\"id\":2 x}\n");
        assertThatThrownBy(() -> sync("files", "events"))
                .isInstanceOf(ZhongtaiException.class)
                .satisfies(e -> LOG.info("Platform reports malformed JSON as: {}", e.getMessage()))
                .hasMessageContaining(data.resolve("events/a.jsonl").toString());
    }

    @Test
    void exportsAppendAndOverwriteFilesThatSyncBack() throws Exception {
        TestFiles.write(data, "orders.csv", "id,amount\n1,10.5\n2,20.25\n");
        addSource("files", data, Map.of());
        sync("files", "orders");
        addSource("out", out, Map.of());

        integration.export(session, new ExportRequest("ods.files_orders", "out", "orders", WriteMode.APPEND, List.of()), n -> { });
        integration.export(session, new ExportRequest("ods.files_orders", "out", "orders", WriteMode.APPEND, List.of()), n -> { });
        assertThat(files(out.resolve("orders"))).hasSize(2).allMatch(f -> f.matches("part-\\d{8}T\\d{9}Z-[0-9a-f-]{36}\\.parquet"));
        sync("out", "orders");
        assertThat(value("SELECT count(*) FROM ods.out_orders")).isEqualTo(4L);

        integration.export(session, new ExportRequest("SELECT id, amount * 2 AS amount FROM ods.files_orders", "out", "orders.csv",
                WriteMode.OVERWRITE, List.of()), n -> { });
        assertThat(files(out.resolve("orders"))).singleElement().satisfies(f -> assertThat(f).endsWith(".csv"));
        sync("out", "orders");
        assertThat(fixture.rows("SELECT id, amount FROM ods.out_orders ORDER BY id").toString()).isEqualTo("[[1, 21.0], [2, 40.5]]");

        integration.export(session, new ExportRequest("ods.files_orders", "out", "events.jsonl", WriteMode.APPEND, List.of()), n -> { });
        assertThat(Files.readString(out.resolve("events").resolve(files(out.resolve("events")).get(0))))
                .isEqualTo("{\"id\":1,\"amount\":10.5}\n{\"id\":2,\"amount\":20.25}\n");
    }

    @Test
    void exportsIntoATsvSourceUseItsDialect() throws Exception {
        TestFiles.write(data, "orders.csv", "id,note\n1,a\n2,\n");
        addSource("files", data, Map.of());
        sync("files", "orders");
        addSource("tsv", out, Map.of("format", "tsv", "null-string", "\\N"));
        integration.export(session, new ExportRequest("ods.files_orders", "tsv", "orders", WriteMode.APPEND, List.of()), n -> { });
        assertThat(Files.readString(out.resolve("orders").resolve(files(out.resolve("orders")).get(0))))
                .isEqualTo("id\tnote\n1\ta\n2\t\\N\n");
        sync("tsv", "orders");
        assertThat(fixture.rows("SELECT id, note FROM ods.tsv_orders ORDER BY id").toString()).isEqualTo("[[1, a], [2, null]]");
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
