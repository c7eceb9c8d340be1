package io.zhongtai.core.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.SqlPosition;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.TypeMapping;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a SELECT through DuckDB's own parser ({@code json_serialize_sql}) and lists every table it
 * references, with time-travel clauses. It refuses what user SQL must not do: table functions
 * other than a few generators (no read_csv, read_parquet, query...), catalog-qualified names, and
 * more than one statement.
 */
public final class SelectAnalyzer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Table functions that compute rows without touching files or the engine's state. */
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");

    /** Kinds of FROM items that are safe once their parts are checked. */
    private static final Set<String> ALLOWED_TABLE_REFS = Set.of(
            "BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EXPRESSION_LIST", "EMPTY", "PIVOT");

    /** A table referenced by the query; offsets are character offsets in the analysed text. */
    public record TableRef(String schema, String table, String alias, int start, int end,
                           String atUnit, String atExpression) {
        public boolean timeTravel() {
            return atUnit != null;
        }
    }

    /** What a query reads: table references (CTE references excluded). */
    public record Analysis(List<TableRef> tables) {
    }

    private SelectAnalyzer() {
    }

    /**
     * Analyses {@code sql}, which must be exactly one SELECT-like statement. Errors name the position
     * in {@code sql}, shifted by {@code offset} into the text the user wrote ({@code original}).
     */
    public static Analysis analyze(Connection duck, String sql, String original, int offset) {
        String serialized = String.valueOf(DuckDb.queryValue(duck, "SELECT json_serialize_sql(" + TypeMapping.literal(sql) + ")"));
        JsonNode root;
        try {
            root = JSON.readTree(serialized);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("DuckDB returned unreadable JSON", e);
        }
        byte[] utf8 = sql.getBytes(StandardCharsets.UTF_8);
        if (root.path("error").asBoolean()) {
            String message = root.path("error_message").asText();
            if (message.contains("Only SELECT statements")) {
                throw ZhongtaiException.invalid("Statement not supported here: only queries can be used in this position");
            }
            int pos = root.has("position") ? charOffset(utf8, root.path("position").asInt()) : 0;
            SqlPosition p = SqlPosition.of(original, offset + pos);
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT,
                    "Syntax error at " + p + ": " + message, p, null);
        }
        JsonNode statements = root.path("statements");
        if (statements.size() != 1) {
            throw ZhongtaiException.invalid("Expected one statement, found %d", statements.size());
        }
        List<TableRef> refs = new ArrayList<>();
        walk(statements.get(0), sql, utf8, original, offset, List.of(), refs);
        return new Analysis(refs);
    }

    /**
     * Visits every node; {@code ctes} are the CTE names in scope: a query node's WITH names hold for
     * that node's subtree only, so a bare name outside it is resolved as a table (and refused when
     * it is not one) instead of reaching one of DuckDB's own views.
     */
    private static void walk(JsonNode node, String sql, byte[] utf8, String original, int offset,
                             List<String> ctes, List<TableRef> refs) {
        List<String> inScope = ctes;
        JsonNode cteMap = node.path("cte_map").path("map");
        if (cteMap.size() > 0) {
            inScope = new ArrayList<>(ctes);
            for (JsonNode entry : cteMap) {
                inScope.add(entry.path("key").asText().toLowerCase(java.util.Locale.ROOT));
            }
        }
        // FROM items carry a sample clause; expressions have a class and query nodes have modifiers.
        if (node.isObject() && node.has("type") && node.has("sample") && !node.has("class") && !node.has("modifiers")) {
            checkTableRef(node, sql, utf8, original, offset, inScope, refs);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            walk(fields.next().getValue(), sql, utf8, original, offset, inScope, refs);
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, sql, utf8, original, offset, inScope, refs);
            }
        }
    }

    private static void checkTableRef(JsonNode ref, String sql, byte[] utf8, String original, int offset,
                                      List<String> cteNames, List<TableRef> refs) {
        String type = ref.path("type").asText();
        int start = location(ref, utf8);
        if (!ALLOWED_TABLE_REFS.contains(type)) {
            throw refused(original, offset + start, "this kind of FROM item (" + type + ") is not allowed");
        }
        if (type.equals("TABLE_FUNCTION")) {
            String name = ref.path("function").path("function_name").asText().toLowerCase(java.util.Locale.ROOT);
            if (!ALLOWED_TABLE_FUNCTIONS.contains(name)) {
                throw refused(original, offset + start, "table function " + name + "() is not allowed; "
                        + "query lakehouse tables, and use `zhongtai load` to bring files in");
            }
            return;
        }
        if (!type.equals("BASE_TABLE")) {
            return;
        }
        String catalog = ref.path("catalog_name").asText();
        String schema = ref.path("schema_name").asText();
        String table = ref.path("table_name").asText();
        if (!catalog.isEmpty()) {
            throw refused(original, offset + start, "three-part names (" + catalog + "." + schema + "." + table
                    + ") are not supported; write <namespace>.<table>");
        }
        JsonNode at = ref.path("at_clause");
        if (schema.isEmpty() && at.isNull() && cteNames.contains(table.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        int end = start + charLength(utf8, ref.path("query_location").asInt(), ref.path("query_location_length").asInt());
        String atUnit = null;
        String atExpression = null;
        if (at.isObject()) {
            atUnit = at.path("unit").asText();
            atExpression = atExpression(sql.substring(start, Math.min(end, sql.length())));
            if (atExpression == null) {
                throw refused(original, offset + start, "cannot read the AT (...) clause");
            }
        }
        refs.add(new TableRef(schema, table, ref.path("alias").asText(), start, end, atUnit, atExpression));
    }

    /**
     * The expression text of the AT clause in a table reference's text ({@code t AS a AT (VERSION => x)}):
     * everything after {@code =>} up to the clause's closing parenthesis. DuckDB reports no length for
     * operator expressions, so the text is cut with the lexer.
     */
    private static String atExpression(String refText) {
        List<SqlLexer.Token> tokens = SqlLexer.tokenize(refText);
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).isSymbol("=>")) {
                continue;
            }
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                SqlLexer.Token t = tokens.get(j);
                if (t.isSymbol("(")) {
                    depth++;
                } else if (t.isSymbol(")") && depth-- == 0) {
                    return j == i + 1 ? null : refText.substring(tokens.get(i + 1).start(), tokens.get(j - 1).end());
                }
            }
        }
        return null;
    }

    private static int location(JsonNode node, byte[] utf8) {
        long loc = node.path("query_location").asLong(0);
        return loc < 0 || loc > utf8.length ? 0 : charOffset(utf8, (int) loc);
    }

    /** DuckDB reports byte offsets into the UTF-8 text; Java strings count UTF-16 units. */
    private static int charOffset(byte[] utf8, int byteOffset) {
        return new String(utf8, 0, Math.min(byteOffset, utf8.length), StandardCharsets.UTF_8).length();
    }

    private static int charLength(byte[] utf8, int byteOffset, int byteLength) {
        int from = Math.min(byteOffset, utf8.length);
        int to = Math.min(from + byteLength, utf8.length);
        return new String(utf8, from, to - from, StandardCharsets.UTF_8).length();
    }

    private static ZhongtaiException refused(String original, int offset, String why) {
        SqlPosition p = SqlPosition.of(original, offset);
        return new ZhongtaiException(ZhongtaiException.Kind.FORBIDDEN, "Not allowed at " + p + ": " + why, p, null);
    }
}
