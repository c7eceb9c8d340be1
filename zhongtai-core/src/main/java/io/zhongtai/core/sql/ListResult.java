package io.zhongtai.core.sql;

import java.util.List;

/** Rows computed by the platform itself (SHOW, DESCRIBE of a table). */
public final class ListResult implements SqlResult {
    private final List<Column> columns;
    private final List<List<Object>> rows;
    private final String summary;
    private int position = -1;

    public ListResult(List<Column> columns, List<List<Object>> rows, String summary) {
        this.columns = columns;
        this.rows = rows;
        this.summary = summary;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        return ++position < rows.size();
    }

    @Override
    public Object get(int index) {
        return rows.get(position).get(index);
    }

    @Override
    public long updateCount() {
        return -1;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public void close() {
    }
}
