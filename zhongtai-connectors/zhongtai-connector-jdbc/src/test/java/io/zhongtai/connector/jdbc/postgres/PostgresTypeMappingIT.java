package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.DuckDbFiles;
import io.zhongtai.connector.jdbc.JdbcTesting;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.TestingPostgres;
import io.zhongtai.testkit.connector.BatchRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every common PostgreSQL type read through splits and COPY files and checked exactly as DuckDB reads the files
 * in their declared types; exports of every platform type in all three modes, rollback and bad values.
 */
class PostgresTypeMappingIT {
    private static TestingPostgres postgres;
    private static String url;

    @TempDir
    Path workDir;
    private Connector connector;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestingPostgres();
        url = postgres.createDatabase();
        postgres.execute(url,
                "CREATE TYPE mood AS ENUM ('sad', 'happy')",
                """
                CREATE TABLE all_types (
                  id integer PRIMARY KEY, c_smallint smallint, c_integer integer, c_bigint bigint,
                  c_numeric numeric(20,4), c_numeric_any numeric, c_real real, c_double double precision,
                  c_text text, c_varchar varchar(20), c_char char(3), c_bool boolean, c_date date, c_time time,
                  c_timestamp timestamp, c_timestamptz timestamptz, c_interval interval, c_json json, c_jsonb jsonb,
                  c_uuid uuid, c_enum mood, c_int_array integer[], c_text_array text[], c_date_array date[],
                  c_bool_array boolean[], c_tstz_array timestamptz[], c_numeric_array numeric(5,2)[],
                  c_bytea bytea, c_bit bit(4), c_inet inet)""",
                """
                INSERT INTO all_types VALUES
                 (1, 32767, -2147483648, 9223372036854775807, -12345678.1234, 3.14159265358979323846264338327950288419,
                  3.25, 0.1, E'h\u00e9llo, "w\u00f6rld"\\n\u7b2c\u4e8c\u884c', '', 'ab', true, '1969-07-20',
                  '23:59:59.999999', '1900-01-01 00:00:00.000001', '2024-02-29 23:30:00.123456+08',
                  '1 year 2 months 3 days 04:05:06.5', '{"a": [1, 2]}', '{"b": "x,y", "a": 1}',
                  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'happy', '{1,NULL,3}',
                  ARRAY['a,b', 'c"d', 'e\\f', E'x\\ny', NULL, '', 'NULL'], '{1969-12-31,2000-01-01}',
                  '{t,NULL,f}', '{"2024-01-01 08:00:00.5+08"}', '{1.50,-2.25}',
                  '\\x00ff0a', B'1010', '192.168.0.1/24'),
                 (2, -32768, 0, -9223372036854775808, 0.0001, -0.5, -1.5e30, 'Infinity', '\\N', ' lead', 'abc', false,
                  '0001-01-01', '00:00:00', '1969-12-31 23:59:59.5', '1970-01-01 00:00:00+00', '-1 days', '[]', 'null',
                  '00000000-0000-0000-0000-000000000000', 'sad', '{}', '{}', '{}', '{}', '{}', '{}', '\\x', B'0000', '::1'),
                 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void connect() {
        connector = JdbcTesting.connect(new PostgresConnectorFactory(), Map.of("host", "localhost",
                "port", String.valueOf(postgres.port()), "database", url.substring(url.lastIndexOf('/') + 1),
                "user", postgres.user()), workDir);
    }

    @AfterEach
    void close() {
        connector.close();
    }

    @Test
    void describesEveryTypeWithPlatformAndSourceTypes() {
        TableSchema schema = connector.describe(new TableId("", "all_types"));
        assertThat(schema.primaryKey()).containsExactly("id");
        assertThat(schema.columns()).extracting(Column::name, Column::type, Column::sourceType).containsExactly(
                tuple("id", DataType.INTEGER, "integer"),
                tuple("c_smallint", DataType.SMALLINT, "smallint"),
                tuple("c_integer", DataType.INTEGER, "integer"),
                tuple("c_bigint", DataType.BIGINT, "bigint"),
                tuple("c_numeric", DataType.decimal(20, 4), "numeric(20,4)"),
                tuple("c_numeric_any", DataType.STRING, "numeric"),
                tuple("c_real", DataType.FLOAT, "real"),
                tuple("c_double", DataType.DOUBLE, "double precision"),
                tuple("c_text", DataType.STRING, "text"),
                tuple("c_varchar", DataType.STRING, "character varying(20)"),
                tuple("c_char", DataType.STRING, "character(3)"),
                tuple("c_bool", DataType.BOOLEAN, "boolean"),
                tuple("c_date", DataType.DATE, "date"),
                tuple("c_time", DataType.TIME, "time without time zone"),
                tuple("c_timestamp", DataType.TIMESTAMP, "timestamp without time zone"),
                tuple("c_timestamptz", DataType.TIMESTAMP_TZ, "timestamp with time zone"),
                tuple("c_interval", DataType.STRING, "interval"),
                tuple("c_json", DataType.JSON, "json"),
                tuple("c_jsonb", DataType.JSON, "jsonb"),
                tuple("c_uuid", DataType.UUID, "uuid"),
                tuple("c_enum", DataType.STRING, "mood"),
                tuple("c_int_array", DataType.list(DataType.INTEGER), "integer[]"),
                tuple("c_text_array", DataType.list(DataType.STRING), "text[]"),
                tuple("c_date_array", DataType.list(DataType.DATE), "date[]"),
                tuple("c_bool_array", DataType.list(DataType.BOOLEAN), "boolean[]"),
                tuple("c_tstz_array", DataType.list(DataType.TIMESTAMP_TZ), "timestamp with time zone[]"),
                tuple("c_numeric_array", DataType.list(DataType.decimal(5, 2)), "numeric(5,2)[]"),
                tuple("c_bytea", DataType.BINARY, "bytea"),
                tuple("c_bit", DataType.STRING, "bit(4)"),
                tuple("c_inet", DataType.STRING, "inet"));
        assertThat(schema.columns().get(0).nullable()).isFalse();
        assertThat(schema.columns().get(1).nullable()).isTrue();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    @Test
    void readsEveryValueExactlyThroughSplitsAndCopyFiles() {
        TableSchema schema = connector.describe(new TableId("public", "all_types"));
        List<Split> splits = connector.planSplits(schema, ReadSpec.all(), 3);
        assertThat(splits).hasSize(3);
        List<List<String>> rows = new ArrayList<>();
        for (Batch batch : JdbcTesting.readBatches(connector, schema, ReadSpec.all(), 3)) {
            assertThat(batch).isInstanceOf(FileBatch.class);
            FileBatch file = (FileBatch) batch;
            assertThat(file.owned()).isTrue();
            assertThat(file.file()).startsWith(workDir);
            rows.addAll(DuckDbFiles.typedRows(file));
            assertThat(BatchRows.rows(file)).hasSameSizeAs(DuckDbFiles.typedRows(file));
        }
        rows.sort(Comparator.comparing(r -> Integer.parseInt(r.get(0))));
        assertThat(rows.get(0)).containsExactly("1", "32767", "-2147483648", "9223372036854775807", "-12345678.1234",
                "3.14159265358979323846264338327950288419", "3.25", "0.1", "h\u00e9llo, \"w\u00f6rld\"\n\u7b2c\u4e8c\u884c", "", "ab ",
                "true", "1969-07-20", "23:59:59.999999", "1900-01-01 00:00:00.000001", "2024-02-29 15:30:00.123456+00",
                "P1Y2M3DT4H5M6.5S", "{\"a\": [1, 2]}", "{\"a\": 1, \"b\": \"x,y\"}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "happy", "[1,null,3]", "[\"a,b\",\"c\\\"d\",\"e\\\\f\",\"x\\ny\",null,\"\",\"NULL\"]",
                "[\"1969-12-31\",\"2000-01-01\"]", "[true,null,false]", "[\"2024-01-01 00:00:00.5+00\"]", "[1.5,-2.25]",
                "00FF0A", "1010", "192.168.0.1/24");
        assertThat(rows.get(1)).containsExactly("2", "-32768", "0", "-9223372036854775808", "0.0001", "-0.5", "-1.5e+30",
                "inf", "\\N", " lead", "abc", "false", "0001-01-01", "00:00:00", "1969-12-31 23:59:59.5",
                "1970-01-01 00:00:00+00", "P-1D", "[]", "null", "00000000-0000-0000-0000-000000000000", "sad", "[]", "[]",
                "[]", "[]", "[]", "[]", "", "0000", "::1");
        List<String> nulls = new ArrayList<>(Arrays.asList(new String[schema.columns().size()]));
        nulls.set(0, "3");
        assertThat(rows.get(2)).isEqualTo(nulls);
    }

    @Test
    void copyFilesEndOnRecordBoundaries() throws Exception {
        connector = JdbcTesting.connect(new PostgresConnectorFactory(), Map.of("host", "localhost",
                "port", String.valueOf(postgres.port()), "database", url.substring(url.lastIndexOf('/') + 1),
                "user", postgres.user(), "copy-file-bytes", "10"), workDir);
        TableSchema schema = connector.describe(new TableId("public", "all_types"));
        List<Batch> batches = JdbcTesting.readBatches(connector, schema, ReadSpec.all(), 1);
        assertThat(batches).hasSize(3);
        for (Batch batch : batches) {
            assertThat(DuckDbFiles.typedRows((FileBatch) batch)).hasSize(1);
            assertThat(Files.readString(((FileBatch) batch).file())).endsWith("\n");
        }
    }

    @Test
    void projectionAndCursorSelectColumnsAndRows() {
        TableSchema schema = connector.describe(new TableId("public", "all_types"));
        ReadSpec spec = new ReadSpec(List.of("c_timestamptz", "id"), Optional.empty(), 100)
                .withCursor(new ReadSpec.CursorRange("c_timestamptz", "1970-01-01 00:00:00+00", null));
        List<List<String>> rows = new ArrayList<>();
        JdbcTesting.readBatches(connector, schema, spec, 4).forEach(b -> rows.addAll(DuckDbFiles.typedRows((FileBatch) b)));
        assertThat(rows).containsExactly(List.of("2024-02-29 15:30:00.123456+00", "1"));
        assertThat(connector.maxCursorValue(schema, "c_timestamptz")).contains("2024-02-29 15:30:00.123456+00");
        assertThat(connector.maxCursorValue(schema, "c_date")).contains("1969-07-20");
    }

    @Test
    void integerKeysSplitIntoRangesThatCoverNewRows() {
        TableSchema schema = connector.describe(new TableId("public", "all_types"));
        List<Split> splits = connector.planSplits(schema, ReadSpec.all(), 8);
        assertThat(splits).extracting(s -> s.properties().get("upTo")).containsExactly("1", "2", null);
        assertThat(splits.get(0).properties()).doesNotContainKey("after");
    }

    @Test
    void browsingListsSchemasAndTablesWithoutSystemOnes() {
        assertThat(connector.listNamespaces()).contains("public").doesNotContain("pg_catalog", "information_schema");
        assertThat(connector.listTables("public")).contains(new TableId("public", "all_types"));
    }

    @Test
    void missingTableIsNotFound() {
        assertThatThrownBy(() -> connector.describe(new TableId("public", "no_such_table")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                .hasMessageContaining("public.no_such_table");
        TableSchema ghost = new TableSchema(new TableId("public", "no_such_table"), List.of(Column.of("id", DataType.INTEGER)), List.of());
        assertThatThrownBy(() -> JdbcTesting.readBatches(connector, ghost, ReadSpec.all(), 1))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                .hasMessageContaining("no_such_table");
    }

    @Test
    void unknownDatabaseOrSchemaIsNotFound() {
        Map<String, String> base = Map.of("host", "localhost", "port", String.valueOf(postgres.port()), "user", postgres.user());
        Map<String, String> noDatabase = new HashMap<>(base);
        noDatabase.put("database", "no_such_db");
        try (Connector other = JdbcTesting.connect(new PostgresConnectorFactory(), noDatabase, workDir)) {
            assertThatThrownBy(() -> other.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("localhost:" + postgres.port() + "/no_such_db");
        }
        Map<String, String> noSchema = new HashMap<>(base);
        noSchema.put("database", url.substring(url.lastIndexOf('/') + 1));
        noSchema.put("schema", "no_such_schema");
        try (Connector other = JdbcTesting.connect(new PostgresConnectorFactory(), noSchema, workDir)) {
            assertThatThrownBy(() -> other.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("Schema no_such_schema does not exist");
        }
    }

    // ---- exports ----

    private static final List<Column> EXPORT_COLUMNS = List.of(
            new Column("id", DataType.BIGINT, null, false), Column.of("b", DataType.BOOLEAN), Column.of("s", DataType.SMALLINT),
            Column.of("i", DataType.INTEGER), Column.of("f", DataType.FLOAT), Column.of("d", DataType.DOUBLE),
            Column.of("dec", DataType.decimal(12, 3)), Column.of("str", DataType.STRING), Column.of("js", DataType.JSON),
            Column.of("bin", DataType.BINARY), Column.of("dt", DataType.DATE), Column.of("tm", DataType.TIME),
            Column.of("ts", DataType.TIMESTAMP), Column.of("tz", DataType.TIMESTAMP_TZ), Column.of("u", DataType.UUID),
            Column.of("li", DataType.list(DataType.INTEGER)), Column.of("ls", DataType.list(DataType.STRING)));

    private static ColumnBatch exportRows(long... ids) {
        ColumnBatch.Builder b = ColumnBatch.builder(EXPORT_COLUMNS, Math.max(1, ids.length));
        for (long id : ids) {
            b.setLong(0, id);
            if (id % 2 == 1) {
                b.set(1, true).set(2, -7).set(3, 123456).set(4, 1.5).set(5, -2.25e-10)
                        .set(6, new BigDecimal("-123456789.120")).set(7, "x,\"y\"\nz " + id).set(8, "{\"k\": [1, \"v\"]}")
                        .set(9, new byte[] {0, (byte) 0xff, 10}).set(10, LocalDate.of(1950, 5, 6))
                        .set(11, LocalTime.of(12, 0, 0, 123_456_000)).set(12, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000))
                        .set(13, Instant.parse("2024-05-06T07:08:09.000001Z")).set(14, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                        .set(15, Arrays.asList(1L, null, 3L)).set(16, Arrays.asList("a,b", "c\"d", null, "e\\f"));
            }
            b.endRow();
        }
        return b.build();
    }

    private List<List<String>> readBack(TableId table) {
        TableSchema schema = connector.describe(table);
        List<List<String>> rows = new ArrayList<>();
        JdbcTesting.readBatches(connector, schema, ReadSpec.all(), 2).forEach(b -> rows.addAll(DuckDbFiles.typedRows((FileBatch) b)));
        rows.sort(Comparator.comparing(r -> Long.parseLong(r.get(0))));
        return rows;
    }

    @Test
    void exportsEveryPlatformTypeAndCreatesTheTable() {
        TableId target = new TableId("", "export_all");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.APPEND, List.of())) {
            writer.write(exportRows(1, 2));
            assertThat(writer.commit()).isEqualTo(2);
        }
        TableSchema schema = connector.describe(target);
        assertThat(schema.columns()).extracting(Column::sourceType).containsExactly("bigint", "boolean", "smallint",
                "integer", "real", "double precision", "numeric(12,3)", "text", "jsonb", "bytea", "date",
                "time(6) without time zone", "timestamp(6) without time zone", "timestamp(6) with time zone", "uuid",
                "integer[]", "text[]");
        assertThat(schema.columns()).extracting(Column::type).containsExactlyElementsOf(
                EXPORT_COLUMNS.stream().map(Column::type).toList());
        List<List<String>> rows = readBack(target);
        assertThat(rows.get(0)).containsExactly("1", "true", "-7", "123456", "1.5", "-2.25e-10", "-123456789.120",
                "x,\"y\"\nz 1", "{\"k\": [1, \"v\"]}", "00FF0A", "1950-05-06", "12:00:00.123456", "1969-12-31 23:59:59.999999",
                "2024-05-06 07:08:09.000001+00", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "[1,null,3]",
                "[\"a,b\",\"c\\\"d\",null,\"e\\\\f\"]");
        List<String> nulls = new ArrayList<>(Arrays.asList(new String[EXPORT_COLUMNS.size()]));
        nulls.set(0, "2");
        assertThat(rows.get(1)).isEqualTo(nulls);
    }

    @Test
    void closingWithoutCommitRollsBackEvenTheNewTable() {
        TableId target = new TableId("public", "export_abandoned");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.APPEND, List.of())) {
            writer.write(exportRows(1));
        }
        assertThatThrownBy(() -> connector.describe(target)).isInstanceOf(ConnectorException.class);
    }

    @Test
    void overwriteReplacesRowsAtCommitOnly() {
        TableId target = new TableId("public", "export_overwrite");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.APPEND, List.of())) {
            writer.write(exportRows(1, 2, 3));
            writer.commit();
        }
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.OVERWRITE, List.of())) {
            writer.write(exportRows(7));
        }
        assertThat(readBack(target)).extracting(r -> r.get(0)).containsExactly("1", "2", "3");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.OVERWRITE, List.of())) {
            writer.write(exportRows(7));
            writer.write(exportRows(8));
            assertThat(writer.commit()).isEqualTo(2);
        }
        assertThat(readBack(target)).extracting(r -> r.get(0)).containsExactly("7", "8");
    }

    @Test
    void upsertInsertsNewKeysAndUpdatesExistingOnesLastRowWinning() {
        TableId target = new TableId("public", "export_upsert");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.UPSERT, List.of("id"))) {
            writer.write(exportRows(1, 2));
            writer.commit();
        }
        assertThat(connector.describe(target).primaryKey()).containsExactly("id");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.UPSERT, List.of("id"))) {
            writer.write(exportRows(2, 3));
            // Key 1 again, later in the same export: this last row wins over the stored one.
            ColumnBatch.Builder b = ColumnBatch.builder(EXPORT_COLUMNS, 1);
            b.setLong(0, 1).set(7, "updated").endRow();
            writer.write(b.build());
            assertThat(writer.commit()).isEqualTo(3);
        }
        List<List<String>> rows = readBack(target);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("1", "2", "3");
        assertThat(rows.get(0).get(7)).isEqualTo("updated");
        assertThat(rows.get(0).get(1)).isNull();
        assertThat(rows.get(2).get(7)).isEqualTo("x,\"y\"\nz 3");
        assertThatThrownBy(() -> connector.openWriter(target, EXPORT_COLUMNS, WriteMode.UPSERT, List.of()))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("no key columns");
    }

    @Test
    void badValuesAreInvalidDataNamingColumnAndRow() {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("amount", DataType.decimal(5, 2)));
        ColumnBatch.Builder b = ColumnBatch.builder(columns, 2);
        b.setLong(0, 1).set(1, new BigDecimal("1.50")).endRow();
        b.setLong(0, 2).set(1, new BigDecimal("12345.6")).endRow();
        try (BatchWriter writer = connector.openWriter(new TableId("public", "export_bad"), columns, WriteMode.APPEND, List.of())) {
            assertThatThrownBy(() -> writer.write(b.build()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining("row 2").hasMessageContaining("column amount").hasMessageContaining("12345.6");
        }
        // A value the server rejects: text into an existing integer column.
        postgres.execute(url, "CREATE TABLE export_typed (id bigint, n integer)");
        List<Column> text = List.of(Column.of("id", DataType.BIGINT), Column.of("n", DataType.STRING));
        ColumnBatch.Builder t = ColumnBatch.builder(text, 2);
        t.setLong(0, 1).set(1, "42").endRow();
        t.setLong(0, 2).set(1, "forty-two").endRow();
        try (BatchWriter writer = connector.openWriter(new TableId("public", "export_typed"), text, WriteMode.APPEND, List.of())) {
            assertThatThrownBy(() -> writer.write(t.build()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining("forty-two").hasMessageContaining("column n").hasMessageContaining("line 2");
        }
        List<Column> unknown = List.of(Column.of("id", DataType.BIGINT), Column.of("missing", DataType.STRING));
        assertThatThrownBy(() -> connector.openWriter(new TableId("public", "export_typed"), unknown, WriteMode.APPEND, List.of()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("missing");
    }
}
