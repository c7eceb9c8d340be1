package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table model (files, directories, globs), schema inference and the formats, over real files read by DuckDB. */
class FileTablesTest {
    @TempDir
    Path data;
    @TempDir
    Path work;

    private Connector connect(String path, String... options) {
        Map<String, String> map = new java.util.HashMap<>(Map.of("path", path));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return TestFiles.connect(work, map);
    }

    private static List<String> names(List<TableId> tables) {
        return tables.stream().map(TableId::name).toList();
    }

    private static Map<String, DataType> types(TableSchema schema) {
        Map<String, DataType> types = new java.util.LinkedHashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    @Test
    void filesAreTablesByStemAndDirectoriesAreTablesOfAllTheirFiles() {
        TestFiles.write(data, "orders.csv", "id\n1\n");
        TestFiles.write(data, "Order Items.JSONL", "{\"id\":1}\n");
        TestFiles.write(data, "sales/2024-01.csv", "id\n1\n");
        TestFiles.write(data, "sales/2024/02.csv", "id\n2\n");
        TestFiles.write(data, "sales/_SUCCESS", "");
        TestFiles.write(data, ".hidden.csv", "id\n1\n");
        TestFiles.write(data, "README.md", "not data");
        TestFiles.write(data, "2024 report.csv.gz", "");
        try (Connector c = connect(data.toString())) {
            assertThat(c.listNamespaces()).containsExactly("");
            assertThat(names(c.listTables(""))).containsExactly("order_items", "orders", "sales", "t_2024_report");
            assertThat(TestFiles.readAll(c, "sales")).hasSize(2);
        }
    }

    @Test
    void aGlobIsOneTableNamedAfterItsFixedPart() {
        TestFiles.write(data, "sales/eu/2024-01.csv", "id\n1\n");
        TestFiles.write(data, "sales/us/2024-02.csv", "id\n2\n");
        TestFiles.write(data, "sales/us/2023-12.csv", "id\n3\n");
        TestFiles.write(data, "sales/us/notes.json", "{\"id\":4}\n");
        try (Connector c = connect(data + "/sales/*/2024-*.csv")) {
            assertThat(names(c.listTables(""))).containsExactly("sales");
            assertThat(TestFiles.readAll(c, "sales")).extracting(r -> String.valueOf(r.get(0))).containsExactlyInAnyOrder("1", "2");
        }
        try (Connector c = connect(data + "/sales/**/{2023-12,2024-01}.csv")) {
            assertThat(TestFiles.readAll(c, "sales")).extracting(r -> String.valueOf(r.get(0))).containsExactlyInAnyOrder("1", "3");
        }
        try (Connector c = connect(data + "/sales/us/202?-1*")) {
            assertThat(names(c.listTables(""))).containsExactly("t_202");
            assertThat(TestFiles.readAll(c, "t_202")).hasSize(1);
        }
        try (Connector c = connect(data + "/sales/*/nothing-*.csv")) {
            assertThat(c.listTables("")).isEmpty();
        }
    }

    @Test
    void aSingleFileIsOneTable() {
        Path file = TestFiles.write(data, "events.ndjson", "{\"id\":1}\n{\"id\":2}\n");
        try (Connector c = connect(file.toString())) {
            assertThat(names(c.listTables(""))).containsExactly("events");
            assertThat(TestFiles.readAll(c, "events")).hasSize(2);
        }
    }

    @Test
    void filesWithDifferentColumnsUniteByNameAndWidenTypes() {
        TestFiles.write(data, "sales/a.csv", "id,amount,day\n1,10,2024-01-01\n2,20,2024-01-02\n");
        TestFiles.write(data, "sales/b.csv", "amount,id,note,day\n2.5,3,late,2024-01-03 10:00:00\n");
        TestFiles.copy(data, "sales/c.parquet", "SELECT 4::INTEGER AS id, 1.25::DECIMAL(5,2) AS amount", "FORMAT parquet");
        try (Connector c = connect(data.toString())) {
            TableSchema schema = c.describe(new TableId("", "sales"));
            assertThat(types(schema)).containsExactly(Map.entry("id", DataType.BIGINT), Map.entry("amount", DataType.DOUBLE),
                    Map.entry("day", DataType.TIMESTAMP), Map.entry("note", DataType.STRING));
            List<List<Object>> rows = TestFiles.readAll(c, "sales");
            assertThat(rows).extracting(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(3)).containsExactlyInAnyOrder(
                    "1|10.0|null", "2|20.0|null", "3|2.5|late", "4|1.25|null");
        }
    }

    @Test
    void csvQuotingNewlinesUnicodeAndNullsSurvive() {
        TestFiles.write(data, "notes.csv", "id,text,score\n1,\"a, b\",1.5\n2,\"line one\nline two\",NA\n3,\"say \"\"hi\"\"\",NA\n"
                + "4,中文 café 🙂,2\n");
        try (Connector c = connect(data.toString(), "null-string", "NA")) {
            assertThat(types(c.describe(new TableId("", "notes")))).containsEntry("score", DataType.DOUBLE);
            assertThat(TestFiles.readAll(c, "notes")).containsExactly(
                    List.of("1", "a, b", "1.5"),
                    java.util.Arrays.asList("2", "line one\nline two", null),
                    java.util.Arrays.asList("3", "say \"hi\"", null),
                    List.of("4", "中文 café 🙂", "2"));
        }
    }

    @Test
    void tsvJsonLinesAndParquetAreReadWithTheirTypes() {
        TestFiles.write(data, "t.tsv", "id\tname\n1\tx y\n");
        TestFiles.write(data, "j.jsonl", "{\"id\":1,\"tags\":[\"a\"],\"address\":{\"city\":\"Oslo\"},\"ok\":true,\"day\":\"2024-02-03\"}\n"
                + "{\"id\":2,\"extra\":1.5}\n");
        TestFiles.write(data, "array.json", "[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"}]");
        TestFiles.copy(data, "p.parquet", "SELECT 1::BIGINT AS id, [1, 2] AS list, 'x'::BLOB AS raw, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS at",
                "FORMAT parquet");
        try (Connector c = connect(data.toString())) {
            assertThat(types(c.describe(new TableId("", "t")))).containsExactly(Map.entry("id", DataType.BIGINT), Map.entry("name", DataType.STRING));
            assertThat(TestFiles.readAll(c, "t")).containsExactly(List.of("1", "x y"));
            assertThat(types(c.describe(new TableId("", "j")))).containsExactly(Map.entry("id", DataType.BIGINT),
                    Map.entry("tags", DataType.JSON), Map.entry("address", DataType.JSON), Map.entry("ok", DataType.BOOLEAN),
                    Map.entry("day", DataType.DATE), Map.entry("extra", DataType.DOUBLE));
            assertThat(TestFiles.readAll(c, "j")).hasSize(2);
            assertThat(TestFiles.readAll(c, "array")).extracting(r -> r.get(1)).containsExactly("a", "b");
            assertThat(types(c.describe(new TableId("", "p")))).containsExactly(Map.entry("id", DataType.BIGINT),
                    Map.entry("list", DataType.list(DataType.INTEGER)), Map.entry("raw", DataType.BINARY),
                    Map.entry("at", DataType.TIMESTAMP_TZ));
            assertThat(TestFiles.readAll(c, "p")).hasSize(1);
        }
    }

    @Test
    void withoutAHeaderColumnsAreNumberedAndFilesMustAgree() {
        TestFiles.write(data, "raw/a.csv", "1,x\n2,y\n");
        TestFiles.write(data, "raw/b.csv", "3,z\n");
        TestFiles.write(data, "odd/a.csv", "1,x\n");
        TestFiles.write(data, "odd/b.csv", "1,x,extra\n");
        try (Connector c = connect(data.toString(), "header", "false")) {
            assertThat(c.describe(new TableId("", "raw")).columnNames()).containsExactly("column0", "column1");
            assertThat(TestFiles.readAll(c, "raw")).hasSize(3);
            assertThatThrownBy(() -> c.describe(new TableId("", "odd")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining(data.resolve("odd/b.csv").toString()).hasMessageContaining("has 3 columns");
        }
    }

    @Test
    void otherEncodingsAndNonIsoDatesAreReadAsText() throws Exception {
        Files.write(data.resolve("latin.csv"), "name,day\ncafé,03/04/2024\n".getBytes(StandardCharsets.ISO_8859_1));
        try (Connector c = connect(data.toString(), "encoding", "latin-1")) {
            TableSchema schema = c.describe(new TableId("", "latin"));
            assertThat(schema.column("day").orElseThrow()).satisfies(col -> {
                assertThat(col.type()).isEqualTo(DataType.STRING);
                assertThat(col.sourceType()).contains("%d/%m/%Y");
            });
            assertThat(TestFiles.readAll(c, "latin")).containsExactly(List.of("café", "03/04/2024"));
        }
    }

    @Test
    void malformedFilesAreInvalidDataNamingFileAndLine() {
        Path csv = TestFiles.write(data, "bad.csv", "id,name\n1,a\n2,b,c\n3,d\n");
        Path json = TestFiles.write(data, "events.jsonl", "{\"id\":1}\n{\"id\":2 x}\n{\"id\":3}\n");
        try (Connector c = connect(data.toString())) {
            assertThatThrownBy(() -> c.describe(new TableId("", "bad")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining(csv.toString())
                    .hasMessageContaining("CSV Error on Line: 3")
                    .hasMessageContaining("Expected Number of Columns: 2 Found: 3");
            assertThatThrownBy(() -> c.describe(new TableId("", "events")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining("Malformed JSON in file \"" + json + "\"")
                    // DuckDB 2.0 counts JSON lines from 2: the bad record is on line 2
                    .hasMessageContaining("at byte 9 in line 3");
        }
    }

    @Test
    void aMissingPathOrTableIsNotFound() {
        try (Connector c = connect(data.resolve("nope").toString())) {
            assertThatThrownBy(() -> c.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining(data.resolve("nope").toString());
            assertThatThrownBy(() -> c.listTables("")).isInstanceOf(ConnectorException.class).hasMessageContaining("does not exist");
        }
        TestFiles.write(data, "orders.csv", "id\n1\n");
        try (Connector c = connect(data.toString())) {
            assertThatThrownBy(() -> c.describe(new TableId("", "order")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("No table order in " + data).hasMessageContaining("tables: orders");
        }
    }

    @Test
    void anS3UrlWithoutABucketIsAnInvalidOption() {
        assertThatThrownBy(() -> connect("s3:///data"))
                .isInstanceOf(io.zhongtai.spi.options.InvalidOptionsException.class)
                .hasMessageContaining("path: Not an S3 URL, the bucket is missing: s3:///data");
    }

    @Test
    void typeWideningFollowsThePlatformsTypes() {
        assertThat(TypeMapping.widen(DataType.INTEGER, DataType.BIGINT)).isEqualTo(DataType.BIGINT);
        assertThat(TypeMapping.widen(DataType.BIGINT, DataType.decimal(10, 2))).isEqualTo(DataType.decimal(21, 2));
        assertThat(TypeMapping.widen(DataType.decimal(38, 20), DataType.BIGINT)).isEqualTo(DataType.DOUBLE);
        assertThat(TypeMapping.widen(DataType.DATE, DataType.TIMESTAMP_TZ)).isEqualTo(DataType.TIMESTAMP_TZ);
        assertThat(TypeMapping.widen(DataType.BOOLEAN, DataType.BIGINT)).isEqualTo(DataType.STRING);
        assertThat(TypeMapping.platformType("STRUCT(a BIGINT)[]", DataFormat.PARQUET)).isEqualTo(DataType.JSON);
        assertThat(TypeMapping.platformType("MAP(VARCHAR, BIGINT)", DataFormat.PARQUET)).isEqualTo(DataType.JSON);
        assertThat(TypeMapping.platformType("UBIGINT", DataFormat.PARQUET)).isEqualTo(DataType.decimal(38, 0));
        assertThat(new Column("x", DataType.STRING, null, true).sourceType()).isEqualTo("VARCHAR");
    }
}
