package io.zhongtai.server.sql;

import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.server.web.JsonValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link SqlResult} a page at a time, looking one row ahead so that each page knows
 * whether another follows. Not thread-safe: the cursor registry serialises access.
 */
final class PagedResult implements AutoCloseable {
    private final SqlResult result;
    private final int width;
    private boolean pending;
    private boolean done;
    private long delivered;

    PagedResult(SqlResult result) {
        this.result = result;
        this.width = result.columns().size();
        this.done = width == 0;
    }

    SqlResult result() {
        return result;
    }

    List<List<Object>> fetch(int maxRows) {
        List<List<Object>> rows = new ArrayList<>(Math.min(maxRows, 1024));
        while (rows.size() < maxRows && !done) {
            if (!pending && !result.next()) {
                done = true;
                break;
            }
            pending = false;
            rows.add(row());
        }
        if (!done && !pending) {
            pending = result.next();
            done = !pending;
        }
        delivered += rows.size();
        return rows;
    }

    boolean hasMore() {
        return pending;
    }

    String summary() {
        return pending ? delivered + " rows so far, more available" : result.summary();
    }

    private List<Object> row() {
        List<Object> row = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            row.add(JsonValues.plain(result.get(i)));
        }
        return row;
    }

    void cancel() {
        result.cancel();
    }

    @Override
    public void close() {
        result.close();
    }
}
