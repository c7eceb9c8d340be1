package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One export into one table in one transaction: the connector has created or checked the table (and cleared it
 * for OVERWRITE) on this connection; subclasses load the rows their fastest way. Nothing is visible before
 * {@link #commit()}; {@link #close()} without commit rolls back.
 */
public abstract class JdbcWriter implements BatchWriter {
    protected final JdbcConnector connector;
    protected final Connection connection;
    protected final TableId target;
    protected final List<Column> columns;
    protected final WriteMode mode;
    protected final List<String> keyColumns;
    /** Rows written by earlier batches, so messages can number rows across the whole export. */
    protected long rowsWritten;
    private boolean committed;
    private boolean closed;

    protected JdbcWriter(JdbcConnector connector, Connection connection, TableId target, List<Column> columns,
                         WriteMode mode, List<String> keyColumns) {
        this.connector = requireNonNull(connector, "connector is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.target = requireNonNull(target, "target is null");
        this.columns = List.copyOf(columns);
        this.mode = requireNonNull(mode, "mode is null");
        this.keyColumns = List.copyOf(keyColumns);
    }

    /** Loads the batch's rows (already checked against the columns) inside the transaction. */
    protected abstract void load(ColumnBatch batch) throws SQLException;

    /** Runs before the commit (e.g. merges staged rows for UPSERT). */
    protected void finish() throws SQLException {
    }

    @Override
    public void write(Batch batch) {
        requireNonNull(batch, "batch is null");
        checkOpen();
        if (!(batch instanceof ColumnBatch rows)) {
            throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED, "Cannot write a " + batch.getClass().getSimpleName()
                    + " into table " + target + ": the " + connector.name() + " writer takes column batches");
        }
        List<String> expected = columns.stream().map(Column::name).toList();
        List<String> actual = rows.columns().stream().map(Column::name).toList();
        if (!expected.equals(actual)) {
            throw new ConnectorException(ConnectorException.Kind.INCOMPATIBLE_SCHEMA, "Cannot write into table " + target
                    + ": the batch has columns " + actual + " but the writer was opened for " + expected);
        }
        checkDecimals(rows);
        try {
            load(rows);
        }
        catch (SQLException e) {
            throw connector.failure("write rows " + (rowsWritten + 1) + ".." + (rowsWritten + rows.rowCount())
                    + " of the export into table " + target, e);
        }
        rowsWritten += rows.rowCount();
    }

    @Override
    public long commit() {
        checkOpen();
        try {
            finish();
            connection.commit();
            committed = true;
            return rowsWritten;
        }
        catch (SQLException e) {
            throw connector.failure("commit the export into table " + target, e);
        }
        finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!committed) {
                connection.rollback();
            }
        }
        catch (SQLException e) {
            // Closing the connection ends the transaction anyway.
        }
        finally {
            JdbcConnector.closeQuietly(connection);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The writer into table " + target + " is closed");
        }
    }

    /** Decimals must fit the declared precision and scale exactly; databases would round or fail less clearly. */
    private void checkDecimals(ColumnBatch batch) {
        for (int c = 0; c < columns.size(); c++) {
            DataType type = columns.get(c).type();
            if (type.kind() != DataType.Kind.DECIMAL) {
                continue;
            }
            for (int r = 0; r < batch.rowCount(); r++) {
                Object value = batch.get(c, r);
                if (value == null) {
                    continue;
                }
                if (!(value instanceof BigDecimal decimal)) {
                    throw invalidValue(c, r, value, "expected a BigDecimal, got " + value.getClass().getSimpleName());
                }
                BigDecimal scaled;
                try {
                    scaled = decimal.setScale(type.scale(), RoundingMode.UNNECESSARY);
                }
                catch (ArithmeticException e) {
                    throw invalidValue(c, r, value, "more than " + type.scale() + " decimal places for " + type.sqlName());
                }
                if (scaled.precision() - scaled.scale() > type.precision() - type.scale()) {
                    throw invalidValue(c, r, value, "too many digits for " + type.sqlName());
                }
            }
        }
    }

    /** INVALID_DATA naming the table, the row (1-based, across the export) and the column. */
    protected ConnectorException invalidValue(int column, int row, Object value, String why) {
        String shown = String.valueOf(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        return new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot write row " + (rowsWritten + row + 1)
                + " of the export into table " + target + ", column " + columns.get(column).name() + ": value '"
                + shown + "': " + why);
    }
}
