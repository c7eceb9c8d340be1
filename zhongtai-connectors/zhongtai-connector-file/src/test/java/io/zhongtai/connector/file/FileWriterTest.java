package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exports into a local directory: formats, atomic visibility, overwrite and what cannot be written. */
class FileWriterTest {
    private static final List<Column> COLUMNS = List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING));

    @TempDir
    Path data;
    @TempDir
    Path work;

    private FileBatch platformFile(String select) {
        Path file = TestFiles.copy(work, "export-" + System.nanoTime() + ".parquet", select, "FORMAT parquet");
        return new FileBatch(file, FileFormat.PARQUET, Map.of(), COLUMNS, true);
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theTargetsExtensionOrTheSourceFormatOrTheTablesFilesDecideTheFormat() {
        TestFiles.copy(data, "existing/a.parquet", "SELECT 1 AS id", "FORMAT parquet");
        TestFiles.write(data, "events.jsonl", "{\"id\":1}\n");
        try (Connector c = TestFiles.connect(work, Map.of("path", data.toString()))) {
            assertThat(c.writeFormat(TableId.parse("orders.csv"))).contains(FileFormat.CSV);
            assertThat(c.writeFormat(new TableId("", "existing"))).contains(FileFormat.PARQUET);
            assertThat(c.writeFormat(new TableId("", "events"))).contains(FileFormat.JSON_LINES);
            assertThat(c.writeFormat(new TableId("", "fresh"))).contains(FileFormat.PARQUET);
        }
        try (Connector c = TestFiles.connect(work, Map.of("path", data.toString(), "format", "tsv"))) {
            assertThat(c.writeFormat(new TableId("", "fresh"))).contains(FileFormat.CSV);
        }
    }

    @Test
    void nothingIsVisibleBeforeCommitAndAnAbortLeavesNoFiles() throws IOException {
        TestFiles.write(data, "orders.csv", "id,name\n1,old\n");
        try (Connector c = TestFiles.connect(work, Map.of("path", data.toString()))) {
            FileBatch batch = platformFile("SELECT 2 AS id, 'new' AS name");
            try (BatchWriter w = c.openWriter(new TableId("", "orders"), COLUMNS, WriteMode.OVERWRITE, List.of())) {
                w.write(batch);
                assertThat(tree(data)).containsExactly("orders.csv");
            }
            assertThat(tree(data)).containsExactly("orders.csv");
            assertThat(batch.file()).as("the platform's file is removed").doesNotExist();

            try (BatchWriter w = c.openWriter(new TableId("", "orders"), COLUMNS, WriteMode.OVERWRITE, List.of())) {
                w.write(platformFile("SELECT 2 AS id, 'new' AS name"));
                assertThat(w.commit()).isEqualTo(1);
            }
            assertThat(tree(data)).singleElement().satisfies(f -> assertThat(f).startsWith("orders/part-").endsWith(".csv"));
            assertThat(TestFiles.readAll(c, "orders")).containsExactly(List.of("2", "new"));
        }
        assertThat(tree(work)).isEmpty();
    }

    @Test
    void aMissingDirectoryIsCreatedByTheFirstExport() throws IOException {
        Path fresh = data.resolve("not/yet");
        try (Connector c = TestFiles.connect(work, Map.of("path", fresh.toString()))) {
            TableId target = new TableId("", "orders");
            assertThat(c.writeFormat(target)).contains(FileFormat.PARQUET);
            try (BatchWriter w = c.openWriter(target, COLUMNS, WriteMode.OVERWRITE, List.of())) {
                w.write(platformFile("SELECT 1 AS id, 'a' AS name"));
                w.commit();
            }
            assertThat(tree(fresh)).singleElement().satisfies(f -> assertThat(f).startsWith("orders/part-").endsWith(".parquet"));
        }
    }

    @Test
    void upsertsAndTargetsThatAreNotDirectoriesAreRefused() {
        Path single = TestFiles.write(data, "orders.csv", "id\n1\n");
        try (Connector c = TestFiles.connect(work, Map.of("path", data.toString()))) {
            assertThatThrownBy(() -> c.openWriter(new TableId("", "orders"), COLUMNS, WriteMode.UPSERT, List.of("id")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNSUPPORTED))
                    .hasMessageContaining("append or overwrite");
        }
        for (String path : List.of(single.toString(), data + "/*.csv")) {
            try (Connector c = TestFiles.connect(work, Map.of("path", path))) {
                assertThatThrownBy(() -> c.openWriter(new TableId("", "orders"), COLUMNS, WriteMode.APPEND, List.of()))
                        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNSUPPORTED))
                        .hasMessageContaining("exports need the source's path to be a directory");
            }
        }
    }
}
