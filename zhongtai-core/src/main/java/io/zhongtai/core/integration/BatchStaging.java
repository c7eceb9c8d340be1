package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Brings connector batches into DuckDB: a {@link FileBatch} becomes a {@code read_csv/read_json/read_parquet}
 * query DuckDB runs on the file itself, a {@link ColumnBatch} is appended into a staging table.
 */
final class BatchStaging {
    /** Staging tables get this column with the arrival order of each row (change order for CDC). */
    static final String SEQUENCE_COLUMN = "__zt_seq";

    private BatchStaging() {
    }

    /** A query over the file's rows with the batch's column names and types. */
    static String readSql(FileBatch batch) {
        String path = TypeMapping.literal(batch.file().toString());
        List<Column> columns = batch.columns();
        String projection = columns.stream()
                .map(c -> castFromFile(c, batch) + " AS " + TypeMapping.quote(c.name()))
                .collect(Collectors.joining(", "));
        return switch (batch.format()) {
            case PARQUET -> "SELECT " + projection + " FROM read_parquet(" + path + ")";
            case JSON_LINES -> "SELECT " + projection + " FROM read_json(" + path + ", format = 'newline_delimited', columns = "
                    + columnsStruct(columns, batch) + ")";
            case CSV -> "SELECT " + projection + " FROM read_csv(" + path + ", columns = " + columnsStruct(columns, batch)
                    + ", auto_detect = false" + csvOptions(batch.options()) + ")";
        };
    }

    /** Types as the file holds them: binary columns travel as hex text in CSV and JSON. */
    private static String columnsStruct(List<Column> columns, FileBatch batch) {
        return columns.stream()
                .map(c -> TypeMapping.literal(c.name()) + ": " + TypeMapping.literal(fileType(c, batch)))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String fileType(Column c, FileBatch batch) {
        return c.type().kind() == DataType.Kind.BINARY ? "VARCHAR" : c.type().sqlName();
    }

    private static String castFromFile(Column c, FileBatch batch) {
        String ref = TypeMapping.quote(c.name());
        if (c.type().kind() == DataType.Kind.BINARY && batch.format() != io.zhongtai.spi.data.FileFormat.PARQUET) {
            // Hex text (PostgreSQL's bytea output '\x0a1b', or plain hex) back to bytes.
            return "unhex(regexp_replace(" + ref + ", '^\\\\x', ''))";
        }
        return ref;
    }

    private static String csvOptions(Map<String, String> options) {
        StringBuilder b = new StringBuilder();
        options.forEach((key, value) -> {
            switch (key) {
                case "delimiter" -> b.append(", delim = ").append(TypeMapping.literal(value));
                case "quote" -> b.append(", quote = ").append(TypeMapping.literal(value));
                case "escape" -> b.append(", escape = ").append(TypeMapping.literal(value));
                case "null" -> b.append(", nullstr = ").append(TypeMapping.literal(value));
                case "header" -> b.append(", header = ").append(Boolean.parseBoolean(value));
                case "encoding" -> b.append(", encoding = ").append(TypeMapping.literal(value));
                case "quoted-nulls" -> b.append(", allow_quoted_nulls = ").append(Boolean.parseBoolean(value));
                default -> { }
            }
        });
        return b.toString();
    }

    /**
     * The error for a file batch DuckDB could not read: names the file (its {@code origin} option when the connector
     * gave one, e.g. the s3:// URL of a downloaded object) and keeps DuckDB's line, original text and conversion detail.
     */
    static ZhongtaiException readError(FileBatch batch, String sourceTable, ZhongtaiException e) {
        if (!(e.getCause() instanceof java.sql.SQLException sql)) {
            return e;
        }
        String file = batch.options().getOrDefault("origin", batch.file().toString());
        return new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cannot read " + file + " of " + sourceTable + ": "
                + DuckDb.essence(sql.getMessage()), null, sql);
    }

    /** Creates (or replaces) a staging table with the columns, plus {@link #SEQUENCE_COLUMN}. */
    static void createStaging(Connection c, String table, List<Column> columns) {
        String defs = columns.stream()
                .map(col -> TypeMapping.quote(col.name()) + " " + col.type().sqlName())
                .collect(Collectors.joining(", "));
        DuckDb.exec(c, "CREATE OR REPLACE TABLE " + table + " (" + defs + (defs.isEmpty() ? "" : ", ") + SEQUENCE_COLUMN + " BIGINT)");
    }

    /**
     * Appends the batch's rows to a staging table made by {@link #createStaging} with the same columns in the same
     * order; {@code firstSequence} numbers the rows. Returns the next sequence number.
     */
    static long append(Connection c, String table, ColumnBatch batch, long firstSequence) {
        List<Column> columns = batch.columns();
        long seq = firstSequence;
        try (DuckDBAppender appender = ((DuckDBConnection) c.unwrap(DuckDBConnection.class)).createAppender("main", table)) {
            for (int r = 0; r < batch.rowCount(); r++) {
                appender.beginRow();
                for (int col = 0; col < columns.size(); col++) {
                    appendValue(appender, columns.get(col), batch, col, r);
                }
                appender.append(seq++);
                appender.endRow();
            }
            appender.flush();
        } catch (SQLException | RuntimeException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cannot stage rows into " + table + ": "
                    + DuckDb.firstLine(String.valueOf(e.getMessage())), null, e);
        }
        return seq;
    }

    private static void appendValue(DuckDBAppender a, Column column, ColumnBatch batch, int col, int row) throws SQLException {
        if (batch.isNull(col, row)) {
            a.appendNull();
            return;
        }
        DataType type = column.type();
        switch (type.kind()) {
            case SMALLINT -> a.append((short) batch.getLong(col, row));
            case INTEGER -> a.append((int) batch.getLong(col, row));
            case BIGINT -> a.append(batch.getLong(col, row));
            case FLOAT -> a.append((float) batch.getDouble(col, row));
            case DOUBLE -> a.append(batch.getDouble(col, row));
            case BOOLEAN -> a.append(batch.getBoolean(col, row));
            default -> appendObject(a, column, batch.get(col, row));
        }
    }

    private static void appendObject(DuckDBAppender a, Column column, Object v) throws SQLException {
        switch (column.type().kind()) {
            case DECIMAL -> a.append(((BigDecimal) v).setScale(column.type().scale(), java.math.RoundingMode.UNNECESSARY));
            case STRING, JSON -> a.append(v.toString());
            case BINARY -> a.append((byte[]) v);
            case DATE -> a.append((LocalDate) v);
            case TIME -> a.append((LocalTime) v);
            case TIMESTAMP -> a.append((LocalDateTime) v);
            case TIMESTAMP_TZ -> a.append(v instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : (OffsetDateTime) v);
            case UUID -> a.append(v instanceof UUID u ? u : UUID.fromString(v.toString()));
            case LIST -> a.append((java.util.Collection<?>) v);
            default -> throw new IllegalStateException("Unexpected type " + column.type());
        }
    }
}
