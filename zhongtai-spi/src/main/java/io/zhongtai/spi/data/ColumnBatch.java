package io.zhongtai.spi.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows held column by column: integral columns in {@code long[]}, FLOAT/DOUBLE in {@code double[]},
 * BOOLEAN in {@code boolean[]}, everything else in {@code Object[]} (value classes as in {@link DataType}),
 * with a null flag per value. Immutable once built.
 */
public final class ColumnBatch implements Batch {
    private final List<Column> columns;
    private final int rows;
    private final Object[] values;
    private final boolean[][] nulls;

    private ColumnBatch(List<Column> columns, int rows, Object[] values, boolean[][] nulls) {
        this.columns = columns;
        this.rows = rows;
        this.values = values;
        this.nulls = nulls;
    }

    public static Builder builder(List<Column> columns, int capacity) {
        return new Builder(columns, capacity);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    public int rowCount() {
        return rows;
    }

    public boolean isNull(int column, int row) {
        return nulls[column][row];
    }

    public long getLong(int column, int row) {
        return ((long[]) values[column])[row];
    }

    public double getDouble(int column, int row) {
        return ((double[]) values[column])[row];
    }

    public boolean getBoolean(int column, int row) {
        return ((boolean[]) values[column])[row];
    }

    /** The value as an object (boxed for primitive columns), or null. */
    public Object get(int column, int row) {
        if (nulls[column][row]) {
            return null;
        }
        Object v = values[column];
        if (v instanceof long[] l) {
            return l[row];
        }
        if (v instanceof double[] d) {
            return d[row];
        }
        if (v instanceof boolean[] b) {
            return b[row];
        }
        return ((Object[]) v)[row];
    }

    /** One row as a list, for tests and error messages. */
    public List<Object> row(int row) {
        List<Object> out = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            out.add(get(c, row));
        }
        return out;
    }

    private static Object newVector(DataType type, int capacity) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> new long[capacity];
            case FLOAT, DOUBLE -> new double[capacity];
            case BOOLEAN -> new boolean[capacity];
            default -> new Object[capacity];
        };
    }

    /** Fills a batch row by row: set each column (or leave it null), then {@link #endRow()}. */
    public static final class Builder {
        private final List<Column> columns;
        private final int capacity;
        private final Object[] values;
        private final boolean[][] nulls;
        private int row;

        private Builder(List<Column> columns, int capacity) {
            this.columns = List.copyOf(columns);
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be positive: " + capacity);
            }
            this.capacity = capacity;
            this.values = new Object[columns.size()];
            this.nulls = new boolean[columns.size()][capacity];
            for (int c = 0; c < columns.size(); c++) {
                values[c] = newVector(columns.get(c).type(), capacity);
                Arrays.fill(nulls[c], true);
            }
        }

        public Builder setLong(int column, long value) {
            ((long[]) values[column])[row] = value;
            nulls[column][row] = false;
            return this;
        }

        public Builder setDouble(int column, double value) {
            ((double[]) values[column])[row] = value;
            nulls[column][row] = false;
            return this;
        }

        public Builder setBoolean(int column, boolean value) {
            ((boolean[]) values[column])[row] = value;
            nulls[column][row] = false;
            return this;
        }

        /** Sets any value; numbers and booleans are stored in primitive vectors, null leaves the value null. */
        public Builder set(int column, Object value) {
            if (value == null) {
                nulls[column][row] = true;
                return this;
            }
            Object vector = values[column];
            if (vector instanceof long[] l) {
                l[row] = toLong(column, value);
            } else if (vector instanceof double[] d) {
                d[row] = ((Number) value).doubleValue();
            } else if (vector instanceof boolean[] b) {
                b[row] = (Boolean) value;
            } else {
                ((Object[]) vector)[row] = value;
            }
            nulls[column][row] = false;
            return this;
        }

        private long toLong(int column, Object value) {
            if (value instanceof BigDecimal d) {
                return d.longValueExact();
            }
            if (value instanceof Number n) {
                return n.longValue();
            }
            throw new IllegalArgumentException("Column " + columns.get(column).name() + " expects a number, got "
                    + value.getClass().getSimpleName());
        }

        public Builder setNull(int column) {
            nulls[column][row] = true;
            return this;
        }

        /** Completes the current row; returns the number of rows so far. */
        public int endRow() {
            if (row == capacity) {
                throw new IllegalStateException("Batch is full: " + capacity + " rows");
            }
            return ++row;
        }

        public int rowCount() {
            return row;
        }

        public boolean isFull() {
            return row == capacity;
        }

        public ColumnBatch build() {
            Object[] trimmed = new Object[values.length];
            boolean[][] trimmedNulls = new boolean[values.length][];
            for (int c = 0; c < values.length; c++) {
                Object v = values[c];
                if (v instanceof long[] l) {
                    trimmed[c] = Arrays.copyOf(l, row);
                } else if (v instanceof double[] d) {
                    trimmed[c] = Arrays.copyOf(d, row);
                } else if (v instanceof boolean[] b) {
                    trimmed[c] = Arrays.copyOf(b, row);
                } else {
                    trimmed[c] = Arrays.copyOf((Object[]) v, row);
                }
                trimmedNulls[c] = Arrays.copyOf(nulls[c], row);
            }
            return new ColumnBatch(columns, row, trimmed, trimmedNulls);
        }
    }

    @Override
    public String toString() {
        return "ColumnBatch[" + rows + " rows, " + columns.size() + " columns]";
    }
}
