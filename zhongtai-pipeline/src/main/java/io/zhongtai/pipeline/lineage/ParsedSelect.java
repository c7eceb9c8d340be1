package io.zhongtai.pipeline.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.Kind;
import io.zhongtai.core.ZhongtaiException.SqlPosition;
import io.zhongtai.core.lakehouse.TypeMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One SELECT as DuckDB's parser reads it ({@code json_serialize_sql}), plus what only DuckDB can say about it: the
 * names it gives select expressions that have no alias, and which functions are aggregates. Errors about the text
 * name their position in it.
 */
final class ParsedSelect {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESERIALIZED_PREFIX = "SELECT ";

    private final Connection duck;
    private final String sql;
    private final byte[] utf8;
    private final JsonNode query;
    private final Map<JsonNode, String> expressionNames;
    private Set<String> aggregateFunctions;

    private ParsedSelect(Connection duck, String sql, JsonNode query, Map<JsonNode, String> expressionNames) {
        this.duck = duck;
        this.sql = sql;
        this.utf8 = sql.getBytes(StandardCharsets.UTF_8);
        this.query = query;
        this.expressionNames = expressionNames;
    }

    /** Parses {@code sql}, which must be exactly one query; a syntax error is INVALID_INPUT with its position. */
    static ParsedSelect parse(Connection duck, String sql) {
        // "SELECT NULL" gives a statement to wrap single expressions in when asking DuckDB for their names.
        List<String> parsed = rows(duck, "SELECT json_serialize_sql(" + TypeMapping.literal(sql) + "), "
                + "json_serialize_sql('SELECT NULL')", "parse the query").get(0);
        JsonNode root = readJson(parsed.get(0));
        if (root.path("error").asBoolean()) {
            String message = root.path("error_message").asText();
            if (message.contains("Only SELECT statements")) {
                throw ZhongtaiException.invalid("Cannot derive lineage: only a query (SELECT) can be analysed");
            }
            int byteOffset = root.path("position").asInt(0);
            SqlPosition at = SqlPosition.of(sql, charOffset(sql.getBytes(StandardCharsets.UTF_8), byteOffset));
            throw new ZhongtaiException(Kind.INVALID_INPUT, "Syntax error at " + at + ": " + message, at, null);
        }
        JsonNode statements = root.path("statements");
        if (statements.size() != 1) {
            throw ZhongtaiException.invalid("Cannot derive lineage: expected one query, found %d statements", statements.size());
        }
        JsonNode query = statements.get(0).path("node");
        return new ParsedSelect(duck, sql, query, nameUnaliasedExpressions(duck, query, readJson(parsed.get(1))));
    }

    /** The parse tree of the query. */
    JsonNode query() {
        return query;
    }

    /** The column name DuckDB gives a select-list expression that has no alias and is not a column reference. */
    String nameOf(JsonNode expression) {
        String name = expressionNames.get(expression);
        if (name == null) {
            throw new IllegalStateException("no name was derived for select expression " + expression);
        }
        return name;
    }

    /** Whether DuckDB knows {@code function} (any case) as an aggregate function; asks DuckDB once. */
    boolean isAggregate(String function) {
        if (aggregateFunctions == null) {
            aggregateFunctions = new HashSet<>();
            for (List<String> row : rows(duck, "SELECT DISTINCT function_name FROM duckdb_functions() "
                    + "WHERE function_type = 'aggregate'", "list its aggregate functions")) {
                aggregateFunctions.add(row.get(0));
            }
        }
        return aggregateFunctions.contains(function.toLowerCase(Locale.ROOT));
    }

    /** An error about the part of the text {@code node} was parsed from; the message gets its position appended. */
    ZhongtaiException error(Kind kind, JsonNode node, String format, Object... args) {
        String message = String.format(format, args);
        SqlPosition at = positionOf(node);
        return new ZhongtaiException(kind, at == null ? message : message + " (at " + at + ")", at, null);
    }

    private SqlPosition positionOf(JsonNode node) {
        JsonNode location = node.path("query_location");
        // DuckDB marks nodes without a location with the largest unsigned 64-bit value.
        if (!location.canConvertToInt() || location.asInt() < 0 || location.asInt() > utf8.length) {
            return null;
        }
        return SqlPosition.of(sql, charOffset(utf8, location.asInt()));
    }

    /**
     * DuckDB names an unaliased expression by printing it back as SQL ({@code (a + 1)}, {@code count_star()}); this
     * lets DuckDB print each one, wrapped alone in {@code template} (a serialized {@code SELECT NULL}), in one query.
     */
    private static Map<JsonNode, String> nameUnaliasedExpressions(Connection duck, JsonNode query, JsonNode template) {
        List<JsonNode> unnamed = new ArrayList<>();
        collectUnaliasedExpressions(query, unnamed);
        Map<JsonNode, String> names = new IdentityHashMap<>();
        if (unnamed.isEmpty()) {
            return names;
        }
        List<String> printers = new ArrayList<>();
        for (JsonNode expression : unnamed) {
            ObjectNode statement = template.deepCopy();
            ((ObjectNode) statement.path("statements").get(0).path("node")).putArray("select_list").add(expression);
            printers.add("json_deserialize_sql(CAST(" + TypeMapping.literal(statement.toString()) + " AS JSON))");
        }
        List<String> printed = rows(duck, "SELECT " + String.join(", ", printers), "name select expressions").get(0);
        for (int i = 0; i < unnamed.size(); i++) {
            String text = printed.get(i);
            if (!text.startsWith(DESERIALIZED_PREFIX)) {
                throw new IllegalStateException("DuckDB printed an unexpected statement: " + text);
            }
            names.put(unnamed.get(i), text.substring(DESERIALIZED_PREFIX.length()));
        }
        return names;
    }

    private static void collectUnaliasedExpressions(JsonNode node, List<JsonNode> out) {
        if (node.path("type").asText().equals("SELECT_NODE")) {
            for (JsonNode item : node.path("select_list")) {
                String kind = item.path("class").asText();
                boolean namedByColumn = kind.equals("COLUMN_REF") || kind.equals("STAR") || kind.equals("POSITIONAL_REFERENCE");
                if (item.path("alias").asText().isEmpty() && !namedByColumn) {
                    out.add(item);
                }
            }
        }
        for (JsonNode child : node) {
            collectUnaliasedExpressions(child, out);
        }
    }

    /** Runs {@code select} and returns its rows, each value as a string; {@code purpose} says what failed. */
    private static List<List<String>> rows(Connection duck, String select, String purpose) {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(select)) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new ZhongtaiException(Kind.INTERNAL, "DuckDB could not " + purpose + ": " + e.getMessage(), null, e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("DuckDB returned unreadable JSON", e);
        }
    }

    /** DuckDB reports byte offsets into the UTF-8 text; Java strings count UTF-16 units. */
    private static int charOffset(byte[] utf8, int byteOffset) {
        return new String(utf8, 0, Math.min(byteOffset, utf8.length), StandardCharsets.UTF_8).length();
    }
}
