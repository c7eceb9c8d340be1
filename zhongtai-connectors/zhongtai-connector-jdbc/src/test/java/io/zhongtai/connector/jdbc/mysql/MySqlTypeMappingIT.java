package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.connector.jdbc.JdbcTesting;
import io.zhongtai.connector.jdbc.JdbcTypeMappingTests;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.TestingMariaDb;
import io.zhongtai.testkit.connector.BatchRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Every common MySQL/MariaDB type read through splits into column batches and checked exactly; exports of every
 * platform type (the modes' shared checks are in {@link JdbcTypeMappingTests}), rollback, unique keys for upserts
 * and bad values.
 */
class MySqlTypeMappingIT extends JdbcTypeMappingTests {
    private static TestingMariaDb mariaDb;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        mariaDb = new TestingMariaDb();
        database = mariaDb.createDatabase();
        mariaDb.execute(database, """
                SET time_zone = '+00:00';
                CREATE TABLE all_types (
                  id INT PRIMARY KEY, c_tinyint TINYINT, c_tinyint_u TINYINT UNSIGNED, c_bool TINYINT(1),
                  c_smallint SMALLINT, c_smallint_u SMALLINT UNSIGNED, c_mediumint MEDIUMINT, c_int INT,
                  c_int_u INT UNSIGNED, c_bigint BIGINT, c_bigint_u BIGINT UNSIGNED, c_decimal DECIMAL(20,4),
                  c_float FLOAT, c_double DOUBLE, c_char CHAR(3), c_varchar VARCHAR(50), c_text TEXT,
                  c_enum ENUM('sad','happy'), c_set SET('a','b','c'), c_date DATE, c_time TIME(6),
                  c_datetime DATETIME(6), c_timestamp TIMESTAMP(6) NULL, c_year YEAR, c_json JSON, c_uuid UUID,
                  c_binary BINARY(3), c_varbinary VARBINARY(10), c_blob BLOB, c_bit1 BIT(1), c_bit BIT(10), c_inet INET6);
                INSERT INTO all_types VALUES
                 (1, -128, 255, 1, -32768, 65535, -8388608, -2147483648, 4294967295, 9223372036854775807,
                  18446744073709551615, -12345678.1234, 3.25, 0.1, 'ab', 'h\u00e9llo, "w\u00f6rld"\\n\u7b2c\u4e8c\u884c', '',
                  'happy', 'a,c', '1969-07-20', '23:59:59.999999', '1900-01-01 00:00:00.000001',
                  '2024-02-29 15:30:00.123456', 2024, '{"a": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
                  X'00FF0A', X'01', X'DEADBEEF', b'1', b'1010101010', '::1'),
                 (2, 127, 0, 0, 32767, 0, 8388607, 2147483647, 0, -9223372036854775808, 0, 0.0001, -1.5e30, -2.5e-300,
                  'abc', ' lead', 'NULL', 'sad', '', '1000-01-01', '00:00:00', '1969-12-31 23:59:59.5',
                  '1970-01-01 00:00:01', 1901, '[]', '00000000-0000-0000-0000-000000000000', X'000000', X'', X'',
                  b'0', b'0', '192.168.0.1'),
                 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        mariaDb.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new MySqlConnectorFactory();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(mariaDb.port()), "database", database,
                "user", mariaDb.rootUser(), "fetch-size", "2");
    }

    @Override
    protected String namespace() {
        return database;
    }

    @Override
    protected List<List<Object>> readBack(TableId table) {
        TableSchema schema = connector.describe(table);
        List<List<Object>> rows = new ArrayList<>();
        JdbcTesting.readBatches(connector, schema, ReadSpec.all(), 2).forEach(b -> rows.addAll(BatchRows.rows(b)));
        rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
        return rows;
    }

    @Override
    protected Object id(long id) {
        return id;
    }

    @Test
    void describesEveryTypeWithPlatformAndSourceTypes() {
        TableSchema schema = connector.describe(new TableId("", "all_types"));
        assertThat(schema.primaryKey()).containsExactly("id");
        assertThat(schema.columns()).extracting(Column::name, Column::type).containsExactly(
                tuple("id", DataType.INTEGER), tuple("c_tinyint", DataType.SMALLINT), tuple("c_tinyint_u", DataType.SMALLINT),
                tuple("c_bool", DataType.BOOLEAN), tuple("c_smallint", DataType.SMALLINT),
                tuple("c_smallint_u", DataType.INTEGER), tuple("c_mediumint", DataType.INTEGER), tuple("c_int", DataType.INTEGER),
                tuple("c_int_u", DataType.BIGINT), tuple("c_bigint", DataType.BIGINT), tuple("c_bigint_u", DataType.decimal(20, 0)),
                tuple("c_decimal", DataType.decimal(20, 4)), tuple("c_float", DataType.FLOAT), tuple("c_double", DataType.DOUBLE),
                tuple("c_char", DataType.STRING), tuple("c_varchar", DataType.STRING), tuple("c_text", DataType.STRING),
                tuple("c_enum", DataType.STRING), tuple("c_set", DataType.STRING), tuple("c_date", DataType.DATE),
                tuple("c_time", DataType.TIME), tuple("c_datetime", DataType.TIMESTAMP),
                tuple("c_timestamp", DataType.TIMESTAMP_TZ), tuple("c_year", DataType.SMALLINT), tuple("c_json", DataType.JSON),
                tuple("c_uuid", DataType.UUID), tuple("c_binary", DataType.BINARY), tuple("c_varbinary", DataType.BINARY),
                tuple("c_blob", DataType.BINARY), tuple("c_bit1", DataType.BOOLEAN), tuple("c_bit", DataType.BIGINT),
                tuple("c_inet", DataType.STRING));
        assertThat(schema.column("c_bigint_u").orElseThrow().sourceType()).isEqualTo("bigint(20) unsigned");
        assertThat(schema.column("c_enum").orElseThrow().sourceType()).isEqualTo("enum('sad','happy')");
        assertThat(schema.columns().get(0).nullable()).isFalse();
        assertThat(schema.columns().get(1).nullable()).isTrue();
    }

    @Test
    void readsEveryValueExactlyThroughSplits() {
        TableSchema schema = connector.describe(new TableId(database, "all_types"));
        List<Split> splits = connector.planSplits(schema, ReadSpec.all(), 3);
        assertThat(splits).hasSize(3);
        ReadSpec spec = new ReadSpec(List.of(), Optional.empty(), 2);
        List<List<Object>> rows = new ArrayList<>();
        for (Batch batch : JdbcTesting.readBatches(connector, schema, spec, 3)) {
            assertThat(batch).isInstanceOf(ColumnBatch.class);
            rows.addAll(BatchRows.rows(batch));
        }
        rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
        assertThat(rows.get(0)).containsExactly(1L, -128L, 255L, true, -32768L, 65535L, -8388608L, -2147483648L, 4294967295L,
                Long.MAX_VALUE, new BigDecimal("18446744073709551615"), new BigDecimal("-12345678.1234"), 3.25, 0.1, "ab",
                "h\u00e9llo, \"w\u00f6rld\"\n\u7b2c\u4e8c\u884c", "", "happy", "a,c", LocalDate.of(1969, 7, 20),
                LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000),
                Instant.parse("2024-02-29T15:30:00.123456Z"), 2024L, "{\"a\": [1, 2]}",
                UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), new byte[] {0, -1, 10}, new byte[] {1},
                new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}, true, 682L, "::1");
        assertThat(rows.get(1)).containsExactly(2L, 127L, 0L, false, 32767L, 0L, 8388607L, 2147483647L, 0L, Long.MIN_VALUE,
                new BigDecimal("0"), new BigDecimal("0.0001"), (double) -1.5e30f, -2.5e-300, "abc", " lead", "NULL", "sad", "",
                LocalDate.of(1000, 1, 1), LocalTime.MIDNIGHT, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000),
                Instant.parse("1970-01-01T00:00:01Z"), 1901L, "[]", new UUID(0, 0), new byte[3], new byte[0], new byte[0],
                false, 0L, "::ffff:192.168.0.1");
        assertThat(rows.get(2)).isEqualTo(nullRow(3, schema.columns().size()));
    }

    @Test
    void projectionAndCursorSelectColumnsAndRows() {
        TableSchema schema = connector.describe(new TableId(database, "all_types"));
        ReadSpec spec = new ReadSpec(List.of("c_timestamp", "id"), Optional.empty(), 100)
                .withCursor(new ReadSpec.CursorRange("c_timestamp", "1970-01-01 00:00:01", null));
        List<List<Object>> rows = new ArrayList<>();
        JdbcTesting.readBatches(connector, schema, spec, 4).forEach(b -> rows.addAll(BatchRows.rows(b)));
        assertThat(rows).containsExactly(List.of(Instant.parse("2024-02-29T15:30:00.123456Z"), 1L));
        Optional<String> max = connector.maxCursorValue(schema, "c_timestamp");
        assertThat(max).isPresent();
        List<List<Object>> none = new ArrayList<>();
        JdbcTesting.readBatches(connector, schema, spec.withCursor(new ReadSpec.CursorRange("c_timestamp", max.get(), null)), 4)
                .forEach(b -> none.addAll(BatchRows.rows(b)));
        assertThat(none).isEmpty();
        assertThat(connector.maxCursorValue(schema, "c_bigint_u")).contains("18446744073709551615");
    }

    @Test
    void browsingListsDatabasesAndTablesWithoutSystemOnes() {
        assertThat(connector.listNamespaces()).contains(database).doesNotContain("mysql", "information_schema",
                "performance_schema", "sys");
        assertThat(connector.listTables(database)).contains(new TableId(database, "all_types"));
    }

    // ---- exports ----

    @Test
    void exportsEveryPlatformTypeAndCreatesTheTable() {
        TableId target = new TableId("", "export_all");
        TableSchema schema = exportEveryType(target);
        assertThat(schema.columns()).extracting(Column::type).containsExactly(DataType.BIGINT, DataType.BOOLEAN,
                DataType.SMALLINT, DataType.INTEGER, DataType.FLOAT, DataType.DOUBLE, DataType.decimal(12, 3), DataType.STRING,
                DataType.JSON, DataType.BINARY, DataType.DATE, DataType.TIME, DataType.TIMESTAMP, DataType.TIMESTAMP,
                DataType.STRING, DataType.JSON, DataType.JSON);
        List<List<Object>> rows = readBack(target);
        assertThat(rows.get(0)).containsExactly(1L, true, -7L, 123456L, 1.5, -2.25e-10, new BigDecimal("-123456789.120"),
                "x,\"y\"\nz 1", "{\"k\": [1, \"v\"]}", new byte[] {0, -1, 10}, LocalDate.of(1950, 5, 6),
                LocalTime.of(12, 0, 0, 123_456_000), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(2024, 5, 6, 7, 8, 9, 1000), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "[1,null,3]",
                "[\"a,b\",\"c\\\"d\",null,\"e\\\\f\"]");
        assertThat(rows.get(1)).isEqualTo(nullRow(2, EXPORT_COLUMNS.size()));
    }

    @Test
    void closingWithoutCommitRollsBackTheRows() {
        TableId target = new TableId(database, "export_abandoned");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.APPEND, List.of())) {
            writer.write(exportRows(1));
        }
        // MySQL commits DDL implicitly: the created table stays, empty.
        assertThat(readBack(target)).isEmpty();
    }

    @Test
    void upsertNeedsAPrimaryKeyOrUniqueIndexOnExactlyTheKeys() {
        mariaDb.execute(database, "CREATE TABLE no_key (id BIGINT, v TEXT)");
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("v", DataType.STRING));
        assertThatThrownBy(() -> connector.openWriter(new TableId(database, "no_key"), columns, WriteMode.UPSERT, List.of("id")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("no primary key or unique index");
    }

    @Test
    void badValuesAreInvalidDataNamingColumnAndRow() {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("amount", DataType.decimal(5, 2)));
        ColumnBatch.Builder b = ColumnBatch.builder(columns, 2);
        b.setLong(0, 1).set(1, new BigDecimal("1.50")).endRow();
        b.setLong(0, 2).set(1, new BigDecimal("1.234")).endRow();
        assertWriteIsInvalidData(new TableId(database, "export_bad"), b.build(), "row 2", "column amount", "1.234");
        mariaDb.execute(database, "CREATE TABLE export_typed (id BIGINT, n INT)");
        List<Column> text = List.of(Column.of("id", DataType.BIGINT), Column.of("n", DataType.STRING));
        ColumnBatch.Builder t = ColumnBatch.builder(text, 2);
        t.setLong(0, 1).set(1, "42").endRow();
        t.setLong(0, 2).set(1, "forty-two").endRow();
        assertWriteIsInvalidData(new TableId(database, "export_typed"), t.build(), "forty-two", "`n`", "rows 1..2");
        ColumnBatch.Builder wrong = ColumnBatch.builder(text, 1);
        wrong.setLong(0, 1).set(1, 42).endRow();
        assertWriteIsInvalidData(new TableId(database, "export_typed"), wrong.build(), "row 1", "column n", "Integer");
    }
}
