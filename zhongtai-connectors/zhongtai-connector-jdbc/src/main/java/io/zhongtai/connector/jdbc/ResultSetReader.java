package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.TableId;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Streams a query's rows (driver streaming with the connector's fetch size) into column batches. */
final class ResultSetReader implements BatchReader {
    private final JdbcConnector connector;
    private final Connection connection;
    private final TableId table;
    private final List<Column> columns;
    private final int batchRows;
    private final Statement statement;
    private final ResultSet rows;
    private long rowNumber;
    private boolean exhausted;

    ResultSetReader(JdbcConnector connector, Connection connection, String sql, TableId table, List<Column> columns,
                    int batchRows) throws SQLException {
        this.connector = connector;
        this.connection = connection;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.batchRows = batchRows;
        try {
            // Both drivers stream only inside a transaction, forward-only, with a positive fetch size.
            connection.setAutoCommit(false);
            statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(connector.settings().fetchSize());
            rows = statement.executeQuery(sql);
        }
        catch (SQLException | RuntimeException e) {
            JdbcConnector.closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public Batch next() {
        if (exhausted) {
            return null;
        }
        ColumnBatch.Builder builder = ColumnBatch.builder(columns, batchRows);
        try {
            while (!builder.isFull() && rows.next()) {
                rowNumber++;
                for (int c = 0; c < columns.size(); c++) {
                    Object value;
                    try {
                        value = connector.readValue(rows, c + 1, columns.get(c));
                    }
                    catch (SQLException | RuntimeException e) {
                        throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot read row " + rowNumber
                                + " of table " + table + ", column " + columns.get(c).name() + " ("
                                + columns.get(c).sourceType() + "): " + JdbcErrors.message(e), e);
                    }
                    builder.set(c, value);
                }
                builder.endRow();
            }
        }
        catch (SQLException e) {
            throw connector.failure("read table " + table, e);
        }
        if (!builder.isFull()) {
            exhausted = true;
            close();
            if (builder.rowCount() == 0) {
                return null;
            }
        }
        return builder.build();
    }

    @Override
    public void close() {
        JdbcConnector.closeQuietly(rows);
        JdbcConnector.closeQuietly(statement);
        JdbcConnector.closeQuietly(connection);
    }
}
