package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.session.SessionService;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableId;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * Writes a lakehouse table or query result into a source: rows are read through the session gate (so the caller's
 * access applies) and handed to the connector's writer in batches; file targets get a file DuckDB writes.
 */
public final class ExportEngine {
    private static final int BATCH_ROWS = 50_000;

    private final SourceRegistry sources;
    private final SessionService sessions;
    private final DuckDb duckDb;

    public ExportEngine(SourceRegistry sources, SessionService sessions, DuckDb duckDb) {
        this.sources = requireNonNull(sources, "sources is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.duckDb = requireNonNull(duckDb, "duckDb is null");
    }

    public ExportResult export(Session session, ExportRequest request, LongConsumer rowsWritten) {
        long started = System.nanoTime();
        String query = request.query().trim();
        boolean isTable = query.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
        String sql = isTable ? "SELECT * FROM " + TableName.parse(query, session.namespace()) : query;
        String targetName = request.target() != null ? request.target()
                : isTable ? TableName.parse(query, session.namespace()).table() : null;
        if (targetName == null) {
            throw ZhongtaiException.invalid("Name the export's target with --table when exporting a query");
        }
        if (request.mode() == WriteMode.UPSERT && request.keys().isEmpty()) {
            throw ZhongtaiException.invalid("An upsert export needs the key columns: --key col[,col]");
        }
        TableId target = TableId.parse(targetName);
        try (SourceRegistry.OpenSource source = sources.open(request.source());
                SqlResult rows = sessions.execute(session, sql)) {
            if (rows.columns().isEmpty()) {
                throw ZhongtaiException.invalid("Cannot export, the statement returns no rows: %s", query);
            }
            List<Column> columns = rows.columns().stream().map(c -> Column.of(c.name(), DataType.parse(c.type()))).toList();
            for (String key : request.keys()) {
                if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                    throw ZhongtaiException.invalid("Cannot export, key column is not in the result: %s", key);
                }
            }
            Connector connector = source.connector();
            Optional<FileFormat> fileFormat = source.call(c -> c.writeFormat(target));
            long written = source.call(c -> {
                try (BatchWriter writer = c.openWriter(target, columns, request.mode(), request.keys())) {
                    if (fileFormat.isPresent()) {
                        writer.write(toFile(rows, columns, fileFormat.get(), source.workDir(), rowsWritten));
                    } else {
                        writeBatches(rows, columns, writer, rowsWritten);
                    }
                    return writer.commit();
                }
            });
            return new ExportResult(request.source(), target.toString(), request.mode().name().toLowerCase(Locale.ROOT), written,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void writeBatches(SqlResult rows, List<Column> columns, BatchWriter writer, LongConsumer progress) {
        ColumnBatch.Builder batch = ColumnBatch.builder(columns, BATCH_ROWS);
        while (rows.next()) {
            for (int c = 0; c < columns.size(); c++) {
                batch.set(c, convert(rows.get(c), columns.get(c).type()));
            }
            batch.endRow();
            if (batch.isFull()) {
                writer.write(batch.build());
                progress.accept(BATCH_ROWS);
                batch = ColumnBatch.builder(columns, BATCH_ROWS);
            }
        }
        if (batch.rowCount() > 0) {
            progress.accept(batch.rowCount());
            writer.write(batch.build());
        }
    }

    /** Streams the rows into a staging table, then lets DuckDB write the file in the target's format. */
    private FileBatch toFile(SqlResult rows, List<Column> columns, FileFormat format, Path workDir, LongConsumer progress) {
        Path file = workDir.resolve("export-" + UUID.randomUUID() + switch (format) {
            case CSV -> ".csv";
            case JSON_LINES -> ".jsonl";
            case PARQUET -> ".parquet";
        });
        try (Connection c = duckDb.openPrivileged()) {
            StagingTable staging = StagingTable.create(c, "__zt_export", columns);
            ColumnBatch.Builder batch = ColumnBatch.builder(columns, BATCH_ROWS);
            while (rows.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    batch.set(i, convert(rows.get(i), columns.get(i).type()));
                }
                batch.endRow();
                if (batch.isFull()) {
                    staging.add(batch.build());
                    progress.accept(BATCH_ROWS);
                    batch = ColumnBatch.builder(columns, BATCH_ROWS);
                }
            }
            if (batch.rowCount() > 0) {
                progress.accept(batch.rowCount());
                staging.add(batch.build());
            }
            String options = switch (format) {
                case CSV -> "FORMAT csv, HEADER true";
                case JSON_LINES -> "FORMAT json";
                case PARQUET -> "FORMAT parquet, COMPRESSION zstd";
            };
            DuckDb.exec(c, "COPY (SELECT * EXCLUDE (" + StagingTable.SEQUENCE_COLUMN + ") FROM " + staging.flushed() + " ORDER BY "
                    + StagingTable.SEQUENCE_COLUMN + ") TO " + TypeMapping.literal(file.toString()) + " (" + options + ")");
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot write export file: " + e.getMessage(), null, e);
        }
        return new FileBatch(file, format, java.util.Map.of("header", "true"), columns, true);
    }

    /** A value as read through the SQL engine, in the Java class {@link DataType} documents. */
    static Object convert(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        return switch (type.kind()) {
            case DECIMAL -> v instanceof BigDecimal d ? d : v instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(v.toString());
            case TIMESTAMP -> v instanceof LocalDateTime ? v : v instanceof OffsetDateTime o ? o.toLocalDateTime() : LocalDateTime.parse(v.toString());
            case TIMESTAMP_TZ -> v instanceof OffsetDateTime ? v : v instanceof LocalDateTime l ? l.atOffset(java.time.ZoneOffset.UTC) : v;
            case UUID -> v instanceof UUID ? v : UUID.fromString(v.toString());
            case DATE -> v instanceof java.sql.Date d ? d.toLocalDate() : v;
            case TIME -> v instanceof java.sql.Time t ? t.toLocalTime() : v;
            case STRING, JSON -> v.toString();
            case LIST -> ((List<?>) v).stream().map(x -> convert(x, type.element())).toList();
            default -> v;
        };
    }
}
