package io.zhongtai.pipeline.quality;

import io.zhongtai.pipeline.quality.QualityRule.Unique;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.zhongtai.core.lakehouse.TypeMapping.quote;
import static java.util.stream.Collectors.joining;

/**
 * The value ranges of the integer columns that unique rules key on, measured by one cheap min/max query before the
 * fused scan. A key whose columns all have small ranges can be counted in a bitmap ({@code bitstring_agg}), one bit
 * per possible key, which is several times faster than the hash table {@code count(DISTINCT ...)} builds: on
 * TPC-H lineitem's (l_orderkey, l_linenumber), 6 M rows, about 150 ms instead of 550 ms on 2 cores.
 */
final class KeyRanges {
    /** No ranges: every key is counted by {@code count(DISTINCT ...)}. */
    static final KeyRanges NONE = new KeyRanges(0, Map.of());

    /** Types whose values subtract to a BIGINT without overflow; HUGEINT and UBIGINT keys are counted by hash. */
    private static final String SMALL_INTEGER_TYPES =
            "('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER')";
    /** A bitmap of at most 2^28 bits: 32 MiB for each DuckDB thread's aggregate state. */
    private static final long MAX_BITS = 1L << 28;
    /** Below this many bits a bitmap is cheap whatever the row count. */
    private static final long SMALL_BITS = 1L << 16;
    /** Bits allowed per row beyond {@link #SMALL_BITS}: a sparser key is cheaper in a hash table. */
    private static final long BITS_PER_ROW = 64;

    private record Range(long min, long max) {
        long width() {
            return max - min + 1;
        }
    }

    /** A packing of a key into one BIGINT in [first, last]; every key value maps to its own number. */
    record Bitmap(String packedKey, long first, long last) {
        String distinctKeys() {
            return "coalesce(bit_count(bitstring_agg(" + packedKey + ", " + first + ", " + last + ")), 0)";
        }
    }

    private final long rows;
    private final Map<String, Range> rangeByColumn;

    private KeyRanges(long rows, Map<String, Range> rangeByColumn) {
        this.rows = rows;
        this.rangeByColumn = rangeByColumn;
    }

    /** The columns unique rules key on, in order of first use; empty when there is no unique rule. */
    static List<String> keyColumns(List<QualityRule> rules) {
        Set<String> columns = new LinkedHashSet<>();
        rules.stream().filter(Unique.class::isInstance).forEach(r -> columns.addAll(((Unique) r).columns()));
        return List.copyOf(columns);
    }

    /**
     * The probe: the row count, then each column's min and max if it is a small integer type, else nulls. DuckDB
     * folds {@code typeof} when binding, so a column of another type costs nothing to scan.
     */
    static String probe(String relation, List<String> columns) {
        List<String> selected = new ArrayList<>(List.of("count(*)"));
        for (String column : columns) {
            String integer = "CASE WHEN typeof(" + quote(column) + ") IN " + SMALL_INTEGER_TYPES + " THEN " + quote(column) + " END";
            selected.add("min(" + integer + ")");
            selected.add("max(" + integer + ")");
        }
        return "SELECT " + String.join(", ", selected) + " FROM " + relation;
    }

    /** Reads the probe's row. */
    static KeyRanges read(List<String> columns, List<Object> row) {
        Map<String, Range> ranges = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (row.get(1 + 2 * i) instanceof Number min && row.get(2 + 2 * i) instanceof Number max) {
                ranges.put(columns.get(i), new Range(min.longValue(), max.longValue()));
            }
        }
        return new KeyRanges(((Number) row.get(0)).longValue(), ranges);
    }

    /**
     * The bitmap packing of a key, if each column is a small integer with a known range and all the key's values fit
     * in a bitmap small enough for the row count. A single column maps to its value minus its minimum; nulls are not
     * keys. Several columns map each column to 1 + its value minus its minimum, or 0 for null, and combine these
     * digits in mixed radix; the all-null key is not a key. A value outside the measured range (the table changed
     * since the probe) is left out of the bitmap, which can only make the duplicate count larger, never hide one.
     */
    Optional<Bitmap> bitmap(List<String> columns) {
        List<Range> ranges = new ArrayList<>();
        for (String column : columns) {
            Range range = rangeByColumn.get(column);
            if (range == null) {
                return Optional.empty();
            }
            ranges.add(range);
        }
        long limit = Math.min(MAX_BITS, Math.max(SMALL_BITS, BITS_PER_ROW * rows));
        if (columns.size() == 1) {
            Range range = ranges.get(0);
            String column = quote(columns.get(0));
            if (range.width() <= 0 || range.width() > limit) {
                return Optional.empty();
            }
            return Optional.of(new Bitmap("CASE WHEN " + column + " BETWEEN " + range.min() + " AND " + range.max()
                    + " THEN CAST(" + column + " AS BIGINT) - " + range.min() + " END", 0, range.width() - 1));
        }
        long bits = 1;
        StringBuilder packed = new StringBuilder();
        List<String> inRange = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Range range = ranges.get(i);
            long radix = range.width() + 1;  // the extra digit 0 is null
            if (range.width() <= 0 || radix > limit / bits) {
                return Optional.empty();
            }
            bits *= radix;
            String column = quote(columns.get(i));
            String digit = "coalesce(CAST(" + column + " AS BIGINT) - " + range.min() + " + 1, 0)";
            packed.replace(0, packed.length(), i == 0 ? digit : "(" + packed + ") * " + radix + " + " + digit);
            inRange.add("(" + column + " IS NULL OR " + column + " BETWEEN " + range.min() + " AND " + range.max() + ")");
        }
        String anyKey = columns.stream().map(c -> quote(c) + " IS NOT NULL").collect(joining(" OR "));
        return Optional.of(new Bitmap("CASE WHEN " + String.join(" AND ", inRange) + " AND (" + anyKey + ") THEN " + packed + " END",
                1, bits - 1));
    }
}
