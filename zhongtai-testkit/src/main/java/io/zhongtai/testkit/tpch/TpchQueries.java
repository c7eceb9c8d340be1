package io.zhongtai.testkit.tpch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The 22 TPC-H queries in DuckDB SQL with the spec's validation (qualification) parameters,
 * the same values DuckDB's {@code tpch} extension uses.
 *
 * <p>Each query is a single SELECT (Q15's view is a CTE), has no trailing semicolon or comments,
 * uses date literals rather than date arithmetic, and keeps the spec's ORDER BY and LIMIT. Q11's
 * FRACTION is the fixed 0.0001 (the SF 1 value), as in DuckDB and Trino, at every scale factor.
 * The text is stored in {@code io/zhongtai/testkit/tpch/qNN.sql} with tables written as
 * {@code ${schema}.lineitem}.
 */
public final class TpchQueries {

    /** Number of TPC-H queries. */
    public static final int COUNT = 22;

    /** The placeholder, followed by '.', that precedes every table name in the query resources. */
    public static final String SCHEMA_PLACEHOLDER = "${schema}";

    private static final String[] TEXTS = new String[COUNT + 1];

    private TpchQueries() {}

    /** TPC-H query {@code n} (1..22) with unqualified table names. */
    public static String query(int n) {
        return template(n).replace(SCHEMA_PLACEHOLDER + ".", "");
    }

    /**
     * TPC-H query {@code n} (1..22) with its tables qualified by {@code schema}
     * ({@code tpch.lineitem}). The schema is inserted as given: quote it yourself if it needs
     * quoting.
     */
    public static String query(int n, String schema) {
        requireNonNull(schema, "schema is null");
        if (schema.isBlank()) {
            throw new IllegalArgumentException("Cannot qualify TPC-H query " + n + ", schema is blank");
        }
        return template(n).replace(SCHEMA_PLACEHOLDER, schema);
    }

    /** The raw query text with {@code ${schema}.} before each table name. */
    public static String template(int n) {
        if (n < 1 || n > COUNT) {
            throw new IllegalArgumentException("Invalid TPC-H query number: " + n + " (expected 1.." + COUNT + ")");
        }
        synchronized (TEXTS) {
            if (TEXTS[n] == null) {
                TEXTS[n] = load(n);
            }
            return TEXTS[n];
        }
    }

    private static String load(int n) {
        String resource = String.format("q%02d.sql", n);
        try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing TPC-H query resource: " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            while (text.endsWith(";")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read TPC-H query resource: " + resource, e);
        }
    }
}
