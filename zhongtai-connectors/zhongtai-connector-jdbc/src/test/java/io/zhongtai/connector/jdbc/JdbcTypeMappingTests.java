package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.connector.TestingConnectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the PostgreSQL and MySQL type-mapping tests share: a connector per test, an export of every platform type
 * ({@link #EXPORT_COLUMNS}), and the checks whose outcome does not depend on the database (missing tables and
 * databases, OVERWRITE and UPSERT semantics). Subclasses start the database and check their types; they read
 * rows back in their own form (typed values, or DuckDB's text of COPY files), so ids are compared through
 * {@link #id(long)}.
 */
public abstract class JdbcTypeMappingTests {
    protected static final List<Column> EXPORT_COLUMNS = List.of(
            new Column("id", DataType.BIGINT, null, false), Column.of("b", DataType.BOOLEAN), Column.of("s", DataType.SMALLINT),
            Column.of("i", DataType.INTEGER), Column.of("f", DataType.FLOAT), Column.of("d", DataType.DOUBLE),
            Column.of("dec", DataType.decimal(12, 3)), Column.of("str", DataType.STRING), Column.of("js", DataType.JSON),
            Column.of("bin", DataType.BINARY), Column.of("dt", DataType.DATE), Column.of("tm", DataType.TIME),
            Column.of("ts", DataType.TIMESTAMP), Column.of("tz", DataType.TIMESTAMP_TZ), Column.of("u", DataType.UUID),
            Column.of("li", DataType.list(DataType.INTEGER)), Column.of("ls", DataType.list(DataType.STRING)));

    @TempDir
    protected Path workDir;
    protected Connector connector;

    protected abstract ConnectorFactory factory();

    /** Options reaching the test database, in which the subclass created its tables. */
    protected abstract Map<String, String> options();

    /** The namespace (schema or database) of the test tables. */
    protected abstract String namespace();

    /** The rows of {@code table} in id order, as this connector's reads deliver them. */
    protected abstract List<List<Object>> readBack(TableId table);

    /** An id value as {@link #readBack} returns it. */
    protected abstract Object id(long id);

    @BeforeEach
    void connect() {
        connector = connect(options());
    }

    @AfterEach
    void close() {
        connector.close();
    }

    protected Connector connect(Map<String, String> options) {
        return TestingConnectors.create(factory(), options, "test", workDir);
    }

    /** {@link #options()} with one option changed. */
    protected Map<String, String> optionsWith(String option, String value) {
        Map<String, String> options = new HashMap<>(options());
        options.put(option, value);
        return options;
    }

    /** Rows of {@link #EXPORT_COLUMNS}: odd ids have a tricky value in every column, even ids only nulls. */
    protected static ColumnBatch exportRows(long... ids) {
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

    /** Exports {@code exportRows(1, 2)} into {@code target} (created by the export) and describes the result. */
    protected TableSchema exportEveryType(TableId target) {
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.APPEND, List.of())) {
            writer.write(exportRows(1, 2));
            assertThat(writer.commit()).isEqualTo(2);
        }
        return connector.describe(target);
    }

    /** A row of {@code width} nulls but for the id. */
    protected List<Object> nullRow(long id, int width) {
        List<Object> row = new ArrayList<>(Arrays.asList(new Object[width]));
        row.set(0, id(id));
        return row;
    }

    /** Opens an APPEND writer into {@code target} and checks that writing {@code rows} fails as INVALID_DATA. */
    protected void assertWriteIsInvalidData(TableId target, ColumnBatch rows, String... messageParts) {
        try (BatchWriter writer = connector.openWriter(target, rows.columns(), WriteMode.APPEND, List.of())) {
            assertThatThrownBy(() -> writer.write(rows))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContainingAll(messageParts);
        }
    }

    @Test
    void missingTableIsNotFound() {
        assertThatThrownBy(() -> connector.describe(new TableId(namespace(), "no_such_table")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                .hasMessageContaining(namespace() + ".no_such_table");
        TableSchema ghost = new TableSchema(new TableId(namespace(), "no_such_table"), List.of(Column.of("id", DataType.INTEGER)), List.of());
        assertThatThrownBy(() -> JdbcTesting.readBatches(connector, ghost, ReadSpec.all(), 1))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                .hasMessageContaining("no_such_table");
    }

    @Test
    void unknownDatabaseIsNotFound() {
        Map<String, String> options = optionsWith("database", "no_such_db");
        try (Connector other = connect(options)) {
            assertThatThrownBy(() -> other.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining(options.get("host") + ":" + options.get("port") + "/no_such_db");
        }
    }

    @Test
    void overwriteReplacesRowsAtCommitOnly() {
        TableId target = new TableId(namespace(), "export_overwrite");
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.APPEND, List.of())) {
            writer.write(exportRows(1, 2, 3));
            writer.commit();
        }
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.OVERWRITE, List.of())) {
            writer.write(exportRows(7));
        }
        assertThat(readBack(target)).extracting(r -> r.get(0)).containsExactly(id(1), id(2), id(3));
        try (BatchWriter writer = connector.openWriter(target, EXPORT_COLUMNS, WriteMode.OVERWRITE, List.of())) {
            writer.write(exportRows(7));
            writer.write(exportRows(8));
            assertThat(writer.commit()).isEqualTo(2);
        }
        assertThat(readBack(target)).extracting(r -> r.get(0)).containsExactly(id(7), id(8));
    }

    @Test
    void upsertInsertsNewKeysAndUpdatesExistingOnesLastRowWinning() {
        TableId target = new TableId(namespace(), "export_upsert");
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
        List<List<Object>> rows = readBack(target);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly(id(1), id(2), id(3));
        assertThat(rows.get(0).get(7)).isEqualTo("updated");
        assertThat(rows.get(0).get(1)).isNull();
        assertThat(rows.get(2).get(7)).isEqualTo("x,\"y\"\nz 3");
        assertThatThrownBy(() -> connector.openWriter(target, EXPORT_COLUMNS, WriteMode.UPSERT, List.of()))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("no key columns");
    }
}
