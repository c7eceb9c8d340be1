package io.zhongtai.spi.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to read: a projection (empty means every column), an optional cursor range for incremental reads and
 * a batch size hint in rows.
 */
public record ReadSpec(List<String> columns, Optional<CursorRange> cursor, int batchRows) {
    public static final int DEFAULT_BATCH_ROWS = 65_536;

    public ReadSpec {
        columns = List.copyOf(columns == null ? List.of() : columns);
        cursor = cursor == null ? Optional.empty() : cursor;
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        }
    }

    public static ReadSpec all() {
        return new ReadSpec(List.of(), Optional.empty(), DEFAULT_BATCH_ROWS);
    }

    public ReadSpec withCursor(CursorRange range) {
        return new ReadSpec(columns, Optional.of(range), batchRows);
    }

    /**
     * Rows whose {@code column} is greater than {@code after} (all rows when null) and at most {@code upTo}
     * (no upper bound when null). Values are the column's value in its text form.
     */
    public record CursorRange(String column, String after, String upTo) {
        public CursorRange {
            Objects.requireNonNull(column, "column is null");
        }
    }
}
