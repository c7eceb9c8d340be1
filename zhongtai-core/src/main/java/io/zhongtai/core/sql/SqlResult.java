package io.zhongtai.core.sql;

import java.util.List;

/**
 * The outcome of one statement: rows to iterate (queries, SHOW, DESCRIBE) or a status line (DDL,
 * DML). Rows are streamed; close the result to release the engine.
 */
public interface SqlResult extends AutoCloseable {
    /** A result column: name and DuckDB type name. */
    record Column(String name, String type) {
    }

    /** The result's columns; empty for statements that return only a status. */
    List<Column> columns();

    /** Advances to the next row; false when there are no more. */
    boolean next();

    /**
     * The value of column {@code index} (0-based) of the current row, as plain Java: Boolean, Integer,
     * Long, BigInteger, BigDecimal, Float, Double, String (also JSON), LocalDate, LocalTime,
     * LocalDateTime, OffsetDateTime, UUID, byte[], List, Map (MAP and STRUCT), or null.
     */
    Object get(int index);

    /** Reads every row not read yet, each as the values {@link #get} gives. */
    default List<List<Object>> remainingRows() {
        List<List<Object>> rows = new java.util.ArrayList<>();
        while (next()) {
            List<Object> row = new java.util.ArrayList<>(columns().size());
            for (int i = 0; i < columns().size(); i++) {
                row.add(get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Rows inserted, updated or deleted; -1 for statements that return rows. */
    long updateCount();

    /** One line describing what happened, e.g. {@code INSERT 3 rows into ods.t (snapshot 123)}. */
    String summary();

    /** Stops a running query from another thread. */
    default void cancel() {
    }

    @Override
    void close();
}
