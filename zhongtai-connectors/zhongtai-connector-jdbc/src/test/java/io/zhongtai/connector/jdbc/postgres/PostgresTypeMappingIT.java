package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.DuckDbFiles;
import io.zhongtai.connector.jdbc.JdbcTesting;
import io.zhongtai.connector.jdbc.JdbcTypeMappingTests;
import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every common PostgreSQL type read through splits and COPY files and checked exactly as DuckDB reads the files
 * in their declared types; exports of every platform type (the modes' shared checks are in
 * {@link JdbcTypeMappingTests}), rollback of the created table, unknown schemas and bad values.
 */
class PostgresTypeMappingIT extends JdbcTypeMappingTests {
    private static TestingPostgres postgres;
    private static String url;

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

    @Override
    protected ConnectorFactory factory() {
        return new PostgresConnectorFactory();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of("host", "localhost", "port", String.valueOf(postgres.port()),
                "database", url.substring(url.lastIndexOf('/') + 1), "user", postgres.user());
    }

    @Override
    protected String namespace() {
        return "public";
    }

    /** The rows as DuckDB reads the COPY files, in text. */
    @Override
    protected List<List<Object>> readBack(TableId table) {
        TableSchema schema = connector.describe(table);
        List<List<Object>> rows = new ArrayList<>();
        JdbcTesting.readBatches(connector, schema, ReadSpec.all(), 2)
                .forEach(b -> DuckDbFiles.typedRows((FileBatch) b).forEach(r -> rows.add(new ArrayList<>(r))));
        rows.sort(Comparator.comparing(r -> Long.parseLong((String) r.get(0))));
        return rows;
    }

    @Override
    protected Object id(long id) {
        return String.valueOf(id);
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
        assertThat(rows.get(2)).isEqualTo(nullRow(3, schema.columns().size()));
    }

    @Test
    void copyFilesEndOnRecordBoundaries() throws Exception {
        try (Connector smallFiles = connect(optionsWith("copy-file-bytes", "10"))) {
            TableSchema schema = smallFiles.describe(new TableId("public", "all_types"));
            List<Batch> batches = JdbcTesting.readBatches(smallFiles, schema, ReadSpec.all(), 1);
            assertThat(batches).hasSize(3);
            for (Batch batch : batches) {
                assertThat(DuckDbFiles.typedRows((FileBatch) batch)).hasSize(1);
                assertThat(Files.readString(((FileBatch) batch).file())).endsWith("\n");
            }
        }
    }

    @Test
    void closingAReaderMidwayEndsTheCopyAndLeavesNoFiles() throws Exception {
        postgres.execute(url, "CREATE TABLE many AS SELECT g AS id, repeat('x', 100) AS pad FROM generate_series(1, 200000) g",
                "ALTER TABLE many ADD PRIMARY KEY (id)");
        try (Connector smallFiles = connect(optionsWith("copy-file-bytes", "65536"))) {
            TableSchema schema = smallFiles.describe(new TableId("public", "many"));
            Split whole = smallFiles.planSplits(schema, ReadSpec.all(), 1).get(0);
            long start = System.nanoTime();
            try (BatchReader reader = smallFiles.openReader(schema, whole, ReadSpec.all())) {
                FileBatch first = (FileBatch) reader.next();
                assertThat(DuckDbFiles.typedRows(first)).isNotEmpty();
                Files.delete(first.file()); // as the platform does with an owned batch it has loaded
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            try (Stream<Path> left = Files.list(workDir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("pg-copy-"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (activeCopiesOf("many") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(activeCopiesOf("many")).as("COPY still running on the server").isZero();
        }
    }

    private static long activeCopiesOf(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, postgres.user(), "");
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND query LIKE ? AND pid <> pg_backend_pid()")) {
            s.setString(1, "%" + table + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
    void unknownSchemaIsNotFound() {
        try (Connector other = connect(optionsWith("schema", "no_such_schema"))) {
            assertThatThrownBy(() -> other.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("Schema no_such_schema does not exist");
        }
    }

    // ---- exports ----

    @Test
    void exportsEveryPlatformTypeAndCreatesTheTable() {
        TableId target = new TableId("", "export_all");
        TableSchema schema = exportEveryType(target);
        assertThat(schema.columns()).extracting(Column::sourceType).containsExactly("bigint", "boolean", "smallint",
                "integer", "real", "double precision", "numeric(12,3)", "text", "jsonb", "bytea", "date",
                "time(6) without time zone", "timestamp(6) without time zone", "timestamp(6) with time zone", "uuid",
                "integer[]", "text[]");
        assertThat(schema.columns()).extracting(Column::type).containsExactlyElementsOf(
                EXPORT_COLUMNS.stream().map(Column::type).toList());
        List<List<Object>> rows = readBack(target);
        assertThat(rows.get(0)).containsExactly("1", "true", "-7", "123456", "1.5", "-2.25e-10", "-123456789.120",
                "x,\"y\"\nz 1", "{\"k\": [1, \"v\"]}", "00FF0A", "1950-05-06", "12:00:00.123456", "1969-12-31 23:59:59.999999",
                "2024-05-06 07:08:09.000001+00", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "[1,null,3]",
                "[\"a,b\",\"c\\\"d\",null,\"e\\\\f\"]");
        assertThat(rows.get(1)).isEqualTo(nullRow(2, EXPORT_COLUMNS.size()));
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
    void badValuesAreInvalidDataNamingColumnAndRow() {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("amount", DataType.decimal(5, 2)));
        ColumnBatch.Builder b = ColumnBatch.builder(columns, 2);
        b.setLong(0, 1).set(1, new BigDecimal("1.50")).endRow();
        b.setLong(0, 2).set(1, new BigDecimal("12345.6")).endRow();
        assertWriteIsInvalidData(new TableId("public", "export_bad"), b.build(), "row 2", "column amount", "12345.6");
        // A value the server rejects: text into an existing integer column.
        postgres.execute(url, "CREATE TABLE export_typed (id bigint, n integer)");
        List<Column> text = List.of(Column.of("id", DataType.BIGINT), Column.of("n", DataType.STRING));
        ColumnBatch.Builder t = ColumnBatch.builder(text, 2);
        t.setLong(0, 1).set(1, "42").endRow();
        t.setLong(0, 2).set(1, "forty-two").endRow();
        assertWriteIsInvalidData(new TableId("public", "export_typed"), t.build(), "forty-two", "column n", "line 2");
        List<Column> unknown = List.of(Column.of("id", DataType.BIGINT), Column.of("missing", DataType.STRING));
        assertThatThrownBy(() -> connector.openWriter(new TableId("public", "export_typed"), unknown, WriteMode.APPEND, List.of()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("missing");
    }
}
