package io.zhongtai.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.zhongtai.core.sql.SqlResult;
import org.jline.utils.WCWidth;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * Writes results and listings to standard output in the chosen {@link OutputFormat}; every command
 * prints through one of these so the formats stay the same everywhere.
 * <ul>
 *   <li>table: rows as aligned columns with a {@code (N rows)} footer, numbers right-aligned, NULL as
 *       {@code NULL}, values longer than {@value #MAX_CELL_WIDTH} characters cut with {@code …};
 *       statements without rows as their status line;</li>
 *   <li>csv: a header line and one line per row, quoted as RFC 4180 says (lines end with LF); NULL is
 *       an empty field, an empty string is {@code ""}; status lines go to standard error so standard
 *       output holds only data; consecutive results are separated by an empty line;</li>
 *   <li>json: each result is one line: an array of row objects, or {@code {"summary":..,"updateCount":..}}
 *       for a statement without rows, so a script's output is NDJSON (one JSON value per line).</li>
 * </ul>
 */
final class ResultPrinter {
    static final int MAX_CELL_WIDTH = 100;
    private static final int CHUNK = 10_000;
    private static final JsonFactory JSON = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;
    private int printed;
    private boolean lastWasRows;

    ResultPrinter(PrintWriter out, PrintWriter err, OutputFormat format) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.format = requireNonNull(format, "format is null");
    }

    OutputFormat format() {
        return format;
    }

    /** Prints one statement's result. */
    void print(SqlResult result) {
        print(result, -1);
    }

    /** Prints one statement's result; with {@code startNanos >= 0} the table footer says how long it took. */
    void print(SqlResult result, long startNanos) {
        if (result.columns().isEmpty()) {
            status(result.summary(), result.updateCount(), startNanos);
        } else {
            rows(result, startNanos);
        }
        out.flush();
    }

    /** Prints a status line (table), a status object (json) or the line on standard error (csv). */
    void status(String summary, long updateCount, long startNanos) {
        switch (format) {
            case table -> {
                separate(false);
                out.println(startNanos >= 0 ? summary + " (" + Format.duration(elapsed(startNanos)) + ")" : summary);
            }
            case csv -> err.println(summary);
            case json -> {
                json(g -> {
                    g.writeStartObject();
                    g.writeStringField("summary", summary);
                    g.writeNumberField("updateCount", updateCount);
                    g.writeEndObject();
                });
                out.println();
            }
        }
        printed++;
        lastWasRows = false;
        out.flush();
        err.flush();
    }

    /**
     * Prints one record: its {@code text} in table format (or aligned {@code key  value} lines when
     * text is null), a header and one row in csv, an object in json.
     */
    void record(Map<String, ?> fields, String text) {
        switch (format) {
            case table -> {
                separate(false);
                if (text != null) {
                    out.println(text);
                } else {
                    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
                    fields.forEach((k, v) -> out.println(rstrip(k + " ".repeat(width - k.length() + 2) + tableText(v))));
                }
            }
            case csv -> {
                separate(true);
                out.println(csvLine(new ArrayList<>(fields.keySet())));
                out.println(csvLine(fields.values().stream().map(ResultPrinter::csvText).toList()));
            }
            case json -> {
                json(g -> writeJson(g, fields));
                out.println();
            }
        }
        printed++;
        lastWasRows = format == OutputFormat.csv;
        out.flush();
    }

    private void rows(SqlResult result, long startNanos) {
        List<SqlResult.Column> columns = result.columns();
        long count = switch (format) {
            case table -> table(result, columns);
            case csv -> csv(result, columns);
            case json -> json(result, columns);
        };
        if (format == OutputFormat.table) {
            String footer = Format.plural(count, "row", "rows");
            out.println("(" + (startNanos >= 0 ? footer + ", " + Format.duration(elapsed(startNanos)) : footer) + ")");
        }
        printed++;
        lastWasRows = true;
    }

    private long table(SqlResult result, List<SqlResult.Column> columns) {
        separate(true);
        int n = columns.size();
        int[] widths = null;
        boolean[] numeric = null;
        List<Object[]> raw = new ArrayList<>();
        long count = 0;
        boolean more;
        do {
            more = result.next();
            if (more) {
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) {
                    values[i] = result.get(i);
                }
                raw.add(values);
                count++;
            }
            if (raw.size() < CHUNK && more) {
                continue;
            }
            List<String[]> cells = new ArrayList<>(raw.size());
            for (Object[] values : raw) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = cell(values[i]);
                }
                cells.add(row);
            }
            if (widths == null) {
                // Widths and alignment come from the first chunk; later rows are padded to the same widths.
                numeric = numericColumns(raw, n);
                widths = new int[n];
                for (int i = 0; i < n; i++) {
                    widths[i] = width(cell(columns.get(i).name()));
                }
                for (String[] row : cells) {
                    for (int i = 0; i < n; i++) {
                        widths[i] = Math.max(widths[i], width(row[i]));
                    }
                }
                StringJoiner header = new StringJoiner(" | ", " ", "");
                StringJoiner rule = new StringJoiner("+");
                for (int i = 0; i < n; i++) {
                    header.add(pad(cell(columns.get(i).name()), widths[i], false));
                    rule.add("-".repeat(widths[i] + 2));
                }
                out.println(rstrip(header.toString()));
                out.println(rule);
            }
            for (String[] row : cells) {
                StringJoiner line = new StringJoiner(" | ", " ", "");
                for (int i = 0; i < n; i++) {
                    line.add(pad(row[i], widths[i], numeric[i]));
                }
                out.println(rstrip(line.toString()));
            }
            raw.clear();
            out.flush();
        } while (more);
        return count;
    }

    private long csv(SqlResult result, List<SqlResult.Column> columns) {
        separate(true);
        out.println(csvLine(columns.stream().map(SqlResult.Column::name).toList()));
        long count = 0;
        List<String> fields = new ArrayList<>(columns.size());
        while (result.next()) {
            fields.clear();
            for (int i = 0; i < columns.size(); i++) {
                fields.add(csvText(result.get(i)));
            }
            out.println(csvLine(fields));
            if (++count % CHUNK == 0) {
                out.flush();
            }
        }
        return count;
    }

    private long json(SqlResult result, List<SqlResult.Column> columns) {
        long[] count = {0};
        json(g -> {
            g.writeStartArray();
            while (result.next()) {
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name());
                    writeJson(g, result.get(i));
                }
                g.writeEndObject();
                if (++count[0] % CHUNK == 0) {
                    g.flush();
                }
            }
            g.writeEndArray();
        });
        out.println();
        return count[0];
    }

    /** An empty line between results, so consecutive tables (or CSV blocks) stay apart. */
    private void separate(boolean rows) {
        if (printed > 0 && (rows || lastWasRows) && format != OutputFormat.json) {
            out.println();
        }
    }

    private interface JsonWork {
        void write(JsonGenerator g) throws IOException;
    }

    private void json(JsonWork work) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            work.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeJson(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d));
            }
        } else if (v instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object x : list) {
                writeJson(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof java.util.Optional<?> o) {
            writeJson(g, o.orElse(null));
        } else if (v instanceof Duration d) {
            g.writeNumber(d.toMillis());
        } else if (v instanceof Record record) {
            // Result records (per-table sync results, source infos...) as objects of their components.
            g.writeStartObject();
            for (java.lang.reflect.RecordComponent c : record.getClass().getRecordComponents()) {
                g.writeFieldName(c.getName());
                try {
                    writeJson(g, c.getAccessor().invoke(record));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
                }
            }
            g.writeEndObject();
        } else {
            g.writeString(v.toString());
        }
    }

    private static boolean[] numericColumns(List<Object[]> rows, int n) {
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean any = false;
            boolean all = true;
            for (Object[] row : rows) {
                if (row[i] != null) {
                    any = true;
                    all &= row[i] instanceof Number;
                }
            }
            numeric[i] = any && all;
        }
        return numeric;
    }

    /** A table cell: the value's text with control characters escaped, cut to {@value #MAX_CELL_WIDTH} columns. */
    private static String cell(Object v) {
        String s = tableText(v);
        StringBuilder b = new StringBuilder(s.length());
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String piece = switch (cp) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(cp) ? String.format("\\x%02x", cp) : new String(Character.toChars(cp));
            };
            int w = width(piece);
            if (width + w > MAX_CELL_WIDTH - 1 && (i < s.length() || width + w > MAX_CELL_WIDTH)) {
                b.append('…');
                break;
            }
            b.append(piece);
            width += w;
        }
        return b.toString();
    }

    /** Terminal columns taken by {@code s}: East Asian wide characters take two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            w += Math.max(0, WCWidth.wcwidth(cp));
        }
        return w;
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - width(s)));
        return right ? fill + s : s + fill;
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** A value as text for the table format; NULL spelled out. */
    static String tableText(Object v) {
        return v == null ? "NULL" : text(v);
    }

    private static String csvText(Object v) {
        return v == null ? null : text(v);
    }

    /** The text of a non-null value: timestamps with a space rather than {@code T}, blobs as {@code \xAB}, nested values DuckDB-style. */
    static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof LocalDateTime || v instanceof OffsetDateTime || v instanceof ZonedDateTime || v instanceof Instant) {
            return ((TemporalAccessor) v).toString().replace('T', ' ');
        }
        if (v instanceof byte[] bytes) {
            StringBuilder b = new StringBuilder();
            HexFormat hex = HexFormat.of().withUpperCase();
            for (byte x : bytes) {
                b.append("\\x").append(hex.toHexDigits(x));
            }
            return b.toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            map.forEach((k, x) -> j.add(text(k) + ": " + text(x)));
            return j.toString();
        }
        if (v instanceof Iterable<?> list) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            list.forEach(x -> j.add(text(x)));
            return j.toString();
        }
        if (v instanceof Object[] array) {
            return text(Arrays.asList(array));
        }
        if (v instanceof java.util.Optional<?> o) {
            return o.map(ResultPrinter::text).orElse("NULL");
        }
        if (v instanceof Duration d) {
            return Format.duration(d);
        }
        return v.toString();
    }

    /** One CSV line: fields with a comma, quote, CR or LF (and empty strings, to tell them from NULL) are quoted. */
    static String csvLine(List<String> fields) {
        StringJoiner line = new StringJoiner(",");
        for (String f : fields) {
            if (f == null) {
                line.add("");
            } else if (f.isEmpty() || f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                line.add('"' + f.replace("\"", "\"\"") + '"');
            } else {
                line.add(f);
            }
        }
        return line.toString();
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
