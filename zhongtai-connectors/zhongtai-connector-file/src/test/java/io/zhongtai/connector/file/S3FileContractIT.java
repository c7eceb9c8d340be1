package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingS3;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connector contract and exports over a real S3 API (S3Proxy). */
class S3FileContractIT extends ConnectorContractTests {
    private static TestingS3 s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new TestingS3();
        for (int part = 0; part < 3; part++) {
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int i = 0; i < 5; i++) {
                csv.append(part * 5 + i).append(",n").append(i).append('\n');
            }
            s3.put("in/orders/part-" + part + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        s3.put("in/customers.jsonl", "{\"id\":1}\n".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new FileConnectorFactory();
    }

    private static Map<String, String> options(String path) {
        Map<String, String> options = new HashMap<>();
        options.put("path", path);
        options.put("s3-endpoint", s3.endpoint().toString());
        options.put("s3-access-key-id", s3.accessKey());
        options.put("s3-secret-access-key", s3.secretKey());
        options.put("s3-path-style-access", "true");
        return options;
    }

    @Override
    protected Map<String, String> validOptions() {
        return options("s3://" + TestingS3.BUCKET + "/in");
    }

    @Override
    protected Map<String, String> unreachableOptions() {
        Map<String, String> options = validOptions();
        options.put("s3-endpoint", "http://127.0.0.1:1");
        return options;
    }

    @Override
    protected Map<String, String> wrongCredentialOptions() {
        Map<String, String> options = validOptions();
        options.put("s3-secret-access-key", "wrong-secret");
        return options;
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("", "orders");
    }

    @Override
    protected long sampleRows() {
        return 15;
    }

    @Test
    void globsSelectObjectsAndDownloadsAreOwned() {
        try (Connector c = connect(options("s3://" + TestingS3.BUCKET + "/in/orders/part-{0,2}.csv"))) {
            assertThat(c.listTables("")).as("named after the glob's fixed part").containsExactly(new TableId("", "part"));
            assertThat(TestFiles.readAll(c, "part")).hasSize(10);
        }
        try (var files = Files.list(workDir)) {
            assertThat(files).as("describe's downloads are deleted, read ones are owned by the reader (deleted by readAll)").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingBucketIsNotFound() {
        try (Connector c = connect(options("s3://no-such-bucket/x"))) {
            assertThatThrownBy(() -> c.testConnection(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("s3://no-such-bucket/x");
        }
    }

    @Test
    void appendAddsObjectsAndOverwriteReplacesThemOnlyAfterCommit() throws Exception {
        String prefix = "out-" + System.nanoTime();
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING));
        try (Connector c = connect(options("s3://" + TestingS3.BUCKET + "/" + prefix))) {
            TableId target = new TableId("", "orders");
            assertThat(c.writeFormat(target)).contains(FileFormat.PARQUET);
            for (int i = 0; i < 2; i++) {
                try (BatchWriter w = c.openWriter(target, columns, WriteMode.APPEND, List.of())) {
                    w.write(exportFile("SELECT range AS id, 'n' || range AS name FROM range(3)"));
                    assertThat(w.commit()).isEqualTo(3);
                }
            }
            try (BatchWriter abandoned = c.openWriter(target, columns, WriteMode.OVERWRITE, List.of())) {
                abandoned.write(exportFile("SELECT 99 AS id, 'x' AS name"));
            }
            assertThat(s3.keys(prefix + "/")).hasSize(2).allMatch(k -> k.matches(prefix + "/orders/part-.*\\.parquet"));
            assertThat(TestFiles.readAll(c, "orders")).hasSize(6);
            try (BatchWriter w = c.openWriter(target, columns, WriteMode.OVERWRITE, List.of())) {
                w.write(exportFile("SELECT 99 AS id, 'x' AS name"));
                assertThat(s3.keys(prefix + "/")).hasSize(2);
                w.commit();
            }
            assertThat(s3.keys(prefix + "/")).hasSize(1);
            assertThat(TestFiles.readAll(c, "orders")).containsExactly(List.of(99, "x"));
            assertThatThrownBy(() -> c.openWriter(target, columns, WriteMode.UPSERT, List.of("id")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNSUPPORTED));
        }
        assertThat(Optional.ofNullable(workDir.toFile().list()).map(a -> a.length).orElse(0)).as("temp files removed").isZero();
    }

    /** A Parquet file as the platform's ExportEngine prepares one: in the work directory, owned by the writer. */
    private FileBatch exportFile(String select) {
        Path file = TestFiles.copy(workDir, "export-" + System.nanoTime() + ".parquet", select, "FORMAT parquet");
        return new FileBatch(file, FileFormat.PARQUET, Map.of(), List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING)), true);
    }
}
