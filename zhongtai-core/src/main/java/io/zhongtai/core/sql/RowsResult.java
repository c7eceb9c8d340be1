package io.zhongtai.core.sql;

import io.zhongtai.core.ZhongtaiException;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Rows streamed from a DuckDB query; owns the query's connection and closes it. */
final class RowsResult implements SqlResult {
    private final AutoCloseable connection;
    private final Statement statement;
    private final ResultSet rows;
    private final List<Column> columns;
    private long count;

    RowsResult(AutoCloseable connection, Statement statement, ResultSet rows) throws SQLException {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        ResultSetMetaData md = rows.getMetaData();
        List<Column> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
        }
        this.columns = List.copyOf(cols);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        try {
            boolean more = rows.next();
            if (more) {
                count++;
            }
            return more;
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Query failed: " + e.getMessage(), null, e);
        }
    }

    @Override
    public Object get(int index) {
        try {
            return Values.normalize(rows.getObject(index + 1));
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot read column " + index + ": " + e.getMessage(), null, e);
        }
    }

    @Override
    public long updateCount() {
        return -1;
    }

    @Override
    public String summary() {
        return StatusResult.rows(count);
    }

    @Override
    public void cancel() {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // The query finished meanwhile.
        }
    }

    @Override
    public void close() {
        try (connection; statement; rows) {
            // closes all three
        } catch (Exception ignored) {
            // Nothing to do: the in-memory instance is gone either way.
        }
    }
}
