package io.zhongtai.testkit.tpch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Comparing query results: materialise a {@link ResultSet} with {@link #rows(ResultSet)} and
 * compare with {@link #diff(List, List)}, which returns null when equal or a readable
 * description of the first difference.
 *
 * <p>Values compare as follows:
 * <ul>
 *   <li>numbers by value whatever their Java type ({@code BigDecimal 2.50} equals
 *       {@code Double 2.5}; {@code Long 3} equals {@code BigDecimal 3.00}), within a relative tolerance
 *       (default 1e-9), with values within 1e-12 of each other always equal;</li>
 *   <li>a number against text (as read from an answer file): the text is parsed as a decimal
 *       and may be the number rounded to the text's decimal places (so {@code "25.58"} matches
 *       25.5775);</li>
 *   <li>text against a non-number (a date, say): the text equals the value's {@code toString()}
 *       ({@code "1995-03-15"} matches {@code LocalDate 1995-03-15});</li>
 *   <li>anything else with {@code equals}; nulls equal only nulls.</li>
 * </ul>
 * {@link #rows(ResultSet)} turns {@code java.sql.Date/Time/Timestamp} into {@code java.time}
 * values so results from different drivers compare.
 */
public final class TpchAnswers {

    /** Default relative tolerance for numeric comparison. */
    public static final double DEFAULT_TOLERANCE = 1e-9;

    private static final BigDecimal ABSOLUTE_FLOOR = new BigDecimal("1e-12");

    /** Row counts of the 22 queries at scale factor 1 (index 0 unused). */
    private static final int[] SF1_ROW_COUNTS = {
            -1, 4, 100, 10, 5, 5, 1, 4, 2, 175, 20, 1048, 2, 42, 1, 1, 18314, 1, 57, 1, 186, 100, 7};

    private TpchAnswers() {}

    /** Reads all remaining rows of {@code rs} (it is not closed); each row holds one value per column. */
    public static List<List<Object>> rows(ResultSet rs) throws SQLException {
        requireNonNull(rs, "rs is null");
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(normalize(rs.getObject(i)));
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return rows;
    }

    /** {@link #diff(List, List, double)} with the default relative tolerance 1e-9. */
    public static String diff(List<List<Object>> expected, List<List<Object>> actual) {
        return diff(expected, actual, DEFAULT_TOLERANCE);
    }

    /**
     * Compares row by row, in order.
     *
     * @return null when equal, otherwise a description of the first differing row and column
     *     (rows and columns numbered from 1), or of the differing row counts
     */
    public static String diff(List<List<Object>> expected, List<List<Object>> actual, double relativeTolerance) {
        requireNonNull(expected, "expected is null");
        requireNonNull(actual, "actual is null");
        int common = Math.min(expected.size(), actual.size());
        String countMessage = expected.size() == actual.size()
                ? ""
                : "expected " + expected.size() + " rows, actual " + actual.size() + " rows";
        for (int r = 0; r < common; r++) {
            List<Object> e = expected.get(r);
            List<Object> a = actual.get(r);
            String prefix = (countMessage.isEmpty() ? "" : countMessage + "; first difference: ") + "row " + (r + 1);
            if (e.size() != a.size()) {
                return prefix + ": expected " + e.size() + " columns, actual " + a.size()
                        + "\n  expected: " + e + "\n  actual:   " + a;
            }
            for (int c = 0; c < e.size(); c++) {
                if (!valuesEqual(e.get(c), a.get(c), relativeTolerance)) {
                    return prefix + " column " + (c + 1) + ": expected " + describe(e.get(c)) + ", actual " + describe(a.get(c))
                            + "\n  expected: " + e + "\n  actual:   " + a;
                }
            }
        }
        if (!countMessage.isEmpty()) {
            List<Object> extra = expected.size() > actual.size() ? expected.get(common) : actual.get(common);
            return countMessage + "; first " + (expected.size() > actual.size() ? "missing" : "unexpected")
                    + " row (row " + (common + 1) + "): " + extra;
        }
        return null;
    }

    /** Whether two single values are equal under the rules of this class. */
    public static boolean valuesEqual(Object expected, Object actual, double relativeTolerance) {
        expected = normalize(expected);
        actual = normalize(actual);
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number && actual instanceof Number) {
            return numbersEqual((Number) expected, (Number) actual, relativeTolerance);
        }
        if (expected instanceof CharSequence && actual instanceof Number) {
            return textEqualsNumber(expected.toString(), (Number) actual, relativeTolerance);
        }
        if (actual instanceof CharSequence && expected instanceof Number) {
            return textEqualsNumber(actual.toString(), (Number) expected, relativeTolerance);
        }
        if (expected instanceof CharSequence || actual instanceof CharSequence) {
            return expected.toString().equals(actual.toString());
        }
        if (expected instanceof byte[] && actual instanceof byte[]) {
            return Arrays.equals((byte[]) expected, (byte[]) actual);
        }
        return Objects.equals(expected, actual);
    }

    /**
     * The reference answer of TPC-H query {@code n} at scale factor 0.01 for the validation
     * parameters of {@link TpchQueries}, as shipped in {@code io.trino.tpch} ({@code qN.result}).
     * Values are text (numbers rounded as in the file, dates ISO) or null; compare them with
     * {@link #diff(List, List)}.
     */
    public static List<List<Object>> expectedSf001(int n) {
        if (n < 1 || n > TpchQueries.COUNT) {
            throw new IllegalArgumentException("Invalid TPC-H query number: " + n + " (expected 1.." + TpchQueries.COUNT + ")");
        }
        String text = null;
        for (String name : new String[] {"q" + n + ".result", "Q" + n + ".result"}) {
            try (InputStream in = io.trino.tpch.TpchTable.class.getResourceAsStream("/io/trino/tpch/queries/" + name)) {
                if (in != null) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    break;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read TPC-H answer " + name, e);
            }
        }
        if (text == null) {
            throw new IllegalStateException("Cannot find the TPC-H SF 0.01 answer of query " + n
                    + " (io/trino/tpch/queries/q" + n + ".result in io.trino.tpch:tpch)");
        }
        return parseAnswer(text);
    }

    /** The number of rows TPC-H query {@code n} returns at scale factor 1 (e.g. Q1: 4, Q10: 20, Q18: 57). */
    public static int sf1RowCount(int n) {
        if (n < 1 || n > TpchQueries.COUNT) {
            throw new IllegalArgumentException("Invalid TPC-H query number: " + n + " (expected 1.." + TpchQueries.COUNT + ")");
        }
        return SF1_ROW_COUNTS[n];
    }

    /** Parses an answer in the {@code io.trino.tpch} format: '|'-separated, "-- " comment lines, "null" for NULL. */
    static List<List<Object>> parseAnswer(String text) {
        List<List<Object>> rows = new ArrayList<>();
        int columns = -1;
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("--") || line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\|", -1);
            int count = fields.length;
            if (line.endsWith("|") && (columns < 0 || count == columns + 1)) {
                count--; // trailing delimiter
            }
            List<Object> row = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                row.add("null".equals(fields[i]) ? null : fields[i]);
            }
            if (columns < 0) {
                columns = count;
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return rows;
    }

    private static Object normalize(Object value) {
        if (value instanceof java.sql.Date) {
            return ((java.sql.Date) value).toLocalDate();
        }
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toLocalDateTime();
        }
        if (value instanceof java.sql.Time) {
            return ((java.sql.Time) value).toLocalTime();
        }
        return value;
    }

    private static boolean numbersEqual(Number expected, Number actual, double relativeTolerance) {
        if (isSpecial(expected) || isSpecial(actual)) {
            return Double.compare(expected.doubleValue(), actual.doubleValue()) == 0;
        }
        BigDecimal e = toBigDecimal(expected);
        BigDecimal a = toBigDecimal(actual);
        return withinTolerance(e, a, relativeTolerance, ABSOLUTE_FLOOR);
    }

    private static boolean textEqualsNumber(String text, Number number, double relativeTolerance) {
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return text.equals(number.toString());
        }
        if (isSpecial(number)) {
            return false;
        }
        // The text may be the value rounded to its decimal places: allow half a unit in the last place.
        BigDecimal halfUlp = BigDecimal.ONE.scaleByPowerOfTen(-Math.max(parsed.scale(), 0)).divide(BigDecimal.valueOf(2));
        return withinTolerance(parsed, toBigDecimal(number), relativeTolerance, halfUlp.max(ABSOLUTE_FLOOR));
    }

    private static boolean withinTolerance(BigDecimal e, BigDecimal a, double relativeTolerance, BigDecimal absolute) {
        if (e.compareTo(a) == 0) {
            return true;
        }
        BigDecimal difference = e.subtract(a).abs();
        if (difference.compareTo(absolute) <= 0) {
            return true;
        }
        BigDecimal magnitude = e.abs().max(a.abs());
        return difference.compareTo(magnitude.multiply(BigDecimal.valueOf(relativeTolerance))) <= 0;
    }

    private static boolean isSpecial(Number n) {
        return (n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue());
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.toString());
    }

    private static String describe(Object value) {
        value = normalize(value);
        if (value == null) {
            return "null";
        }
        String text = value instanceof byte[] ? Arrays.toString((byte[]) value) : value.toString();
        if (value instanceof CharSequence) {
            text = "'" + text + "'";
        }
        return text + " (" + value.getClass().getSimpleName() + ")";
    }
}
