package io.zhongtai.core.sql;

import java.util.List;

/** The result of a statement that returns no rows. */
public record StatusResult(long updateCount, String summary) implements SqlResult {
    @Override
    public List<Column> columns() {
        return List.of();
    }

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public Object get(int index) {
        throw new IndexOutOfBoundsException("a status result has no rows");
    }

    @Override
    public void close() {
    }

    /** "1 row", "2 rows". */
    public static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
