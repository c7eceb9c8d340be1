package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Brings file batches into DuckDB: a {@link FileBatch} becomes a {@code read_csv/read_json/read_parquet} query DuckDB
 * runs on the file itself ({@link StagingTable} takes column batches).
 */
final class BatchStaging {
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
}
