package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.FileBatch;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A DuckDB table collecting a sync's rows before they are written out: the batch's columns plus
 * {@link #SEQUENCE_COLUMN}, the arrival order of each row (change order for CDC).
 *
 * <p>Column batches are held back and inserted in runs of at least {@link #INSERT_ROWS} rows: every INSERT commits,
 * and committing a few thousand rows to a DuckDB table costs about as much as the rows themselves. SQL over the table
 * must therefore name it through {@link #flushed()} or {@link #selectRows()}, which insert what is held back first.
 */
final class StagingTable {
    static final String SEQUENCE_COLUMN = "__zt_seq";
    /** One DuckDB row group. */
    private static final long INSERT_ROWS = 122_880;

    private final Connection connection;
    private final String name;
    private final List<Column> columns;
    private final List<ColumnBatch> heldBack = new ArrayList<>();
    private long heldBackRows;
    private long rows;

    private StagingTable(Connection connection, String name, List<Column> columns) {
        this.connection = connection;
        this.name = name;
        this.columns = List.copyOf(columns);
    }

    /** Creates (or replaces) the table {@code name} with the columns and the sequence column. */
    static StagingTable create(Connection c, String name, List<Column> columns) {
        String defs = columns.stream()
                .map(col -> TypeMapping.quote(col.name()) + " " + col.type().sqlName())
                .collect(Collectors.joining(", "));
        DuckDb.exec(c, "CREATE OR REPLACE TABLE " + name + " (" + defs + (defs.isEmpty() ? "" : ", ") + SEQUENCE_COLUMN + " BIGINT)");
        return new StagingTable(c, name, columns);
    }

    List<Column> columns() {
        return columns;
    }

    /** Rows added since the table was created or cleared. */
    long rows() {
        return rows;
    }

    /** Adds the batch's rows (same columns, same order), numbered after the rows added before. */
    void add(ColumnBatch batch) {
        if (batch.rowCount() == 0) {
            return;
        }
        heldBack.add(batch);
        heldBackRows += batch.rowCount();
        rows += batch.rowCount();
        if (heldBackRows >= INSERT_ROWS) {
            insertHeldBack();
        }
    }

    /** Adds the rows of a file DuckDB reads itself; returns their count. */
    long addFile(FileBatch file) {
        insertHeldBack();
        String names = file.columns().stream().map(col -> TypeMapping.quote(col.name())).collect(Collectors.joining(", "));
        long n = DuckDb.exec(connection, "INSERT INTO " + name + " (" + names + ", " + SEQUENCE_COLUMN + ") SELECT *, "
                + (rows - 1) + " + row_number() OVER () FROM (" + BatchStaging.readSql(file) + ")");
        rows += n;
        return n;
    }

    /** The table's name, for SQL over all rows added so far. */
    String flushed() {
        insertHeldBack();
        return name;
    }

    /** A query of all rows added so far, without the sequence column. */
    String selectRows() {
        return "SELECT * EXCLUDE (" + SEQUENCE_COLUMN + ") FROM " + flushed();
    }

    /** Deletes every row; numbering starts again at 0. */
    void clear() {
        heldBack.clear();
        heldBackRows = 0;
        rows = 0;
        DuckDb.exec(connection, "DELETE FROM " + name);
    }

    private void insertHeldBack() {
        if (heldBack.isEmpty()) {
            return;
        }
        try {
            ArrowBatchReader.insertInto(connection.unwrap(DuckDBConnection.class), name, List.copyOf(heldBack), SEQUENCE_COLUMN,
                    rows - heldBackRows);
        } catch (SQLException | RuntimeException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cannot stage rows into " + name + ": "
                    + DuckDb.firstLine(String.valueOf(e.getMessage())), null, e);
        } finally {
            heldBack.clear();
            heldBackRows = 0;
        }
    }
}
