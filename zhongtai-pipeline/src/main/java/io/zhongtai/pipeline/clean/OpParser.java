package io.zhongtai.pipeline.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.spi.data.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** Reads one entry of a clean node's {@code ops:} list into a {@link CleanOp}. */
final class OpParser {
    /** Each op kind with the reader of its YAML value, in the order error messages list them. */
    private static final Map<String, Function<JsonNode, CleanOp>> KINDS = kinds();

    /** Type names {@link DataType#parse} reads as VARCHAR on purpose; any other name it reads as VARCHAR is unknown. */
    private static final Set<String> VARCHAR_NAMES = Set.of("VARCHAR", "TEXT", "STRING");
    private static final String TYPE_NAMES = "BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT, FLOAT, DOUBLE, "
            + "DECIMAL(p,s), VARCHAR, JSON, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, UUID, BLOB";

    private OpParser() {
    }

    static CleanOp parse(int number, JsonNode node) {
        requireNonNull(node, "node is null");
        if (!node.isObject() || node.size() != 1) {
            throw ZhongtaiException.invalid("op %d: expected a map with one key naming the op, e.g. {trim: [name]}", number);
        }
        String kind = node.fieldNames().next();
        Function<JsonNode, CleanOp> reader = KINDS.get(kind);
        if (reader == null) {
            throw ZhongtaiException.invalid("op %d: unknown op '%s' (ops: %s)", number, kind, String.join(", ", KINDS.keySet()));
        }
        try {
            return reader.apply(node.get(kind));
        } catch (ZhongtaiException e) {
            throw inOp(number, kind, e);
        }
    }

    /** {@code e}'s message prefixed with the op it is about, e.g. {@code op 2 (cast): ...}. */
    static ZhongtaiException inOp(int number, String kind, ZhongtaiException e) {
        return new ZhongtaiException(e.kind(), "op " + number + " (" + kind + "): " + e.getMessage(), null, e);
    }

    private static Map<String, Function<JsonNode, CleanOp>> kinds() {
        Map<String, Function<JsonNode, CleanOp>> kinds = new LinkedHashMap<>();
        kinds.put("trim", value -> new CleanOp.Trim(columnNames(value, "value")));
        kinds.put("case", value -> {
            Fields f = new Fields(value, "upper", "lower");
            return new CleanOp.Case(f.optionalColumns("upper"), f.optionalColumns("lower"));
        });
        kinds.put("default", value -> new CleanOp.Default(
                byColumn(value, "value", (column, v) -> scalar(v, "field '" + column + "'"))));
        kinds.put("cast", value -> new CleanOp.Cast(
                byColumn(value, "type", (column, v) -> castType(column, scalar(v, "field '" + column + "'")))));
        kinds.put("parse_date", value -> {
            Fields f = new Fields(value, "column", "formats");
            return new CleanOp.ParseDate(f.text("column"), columnNames(f.required("formats"), "field 'formats'"));
        });
        kinds.put("regex_validate", value -> {
            Fields f = new Fields(value, "column", "pattern");
            return new CleanOp.RegexValidate(f.text("column"), f.text("pattern"));
        });
        kinds.put("regex_replace", value -> {
            Fields f = new Fields(value, "column", "pattern", "replacement");
            return new CleanOp.RegexReplace(f.text("column"), f.text("pattern"), f.text("replacement"));
        });
        kinds.put("map_values", value -> mapValues(new Fields(value, "column", "table", "from", "to", "unmatched")));
        kinds.put("mask", value -> {
            Fields f = new Fields(value, "column", "method", "keep_first", "keep_last");
            return new CleanOp.Mask(f.text("column"), choice(f.text("method"), "method", CleanOp.Mask.Method.class),
                    f.count("keep_first"), f.count("keep_last"));
        });
        kinds.put("range", value -> {
            Fields f = new Fields(value, "column", "min", "max");
            return new CleanOp.Range(f.text("column"), f.optionalText("min"), f.optionalText("max"));
        });
        kinds.put("dedupe", value -> {
            Fields f = new Fields(value, "key", "latest_by");
            return new CleanOp.Dedupe(columnNames(f.required("key"), "field 'key'"), f.text("latest_by"));
        });
        return Collections.unmodifiableMap(kinds);
    }

    private static CleanOp mapValues(Fields f) {
        TableName table;
        try {
            table = TableName.parse(f.text("table"), null);
        } catch (ZhongtaiException e) {
            throw ZhongtaiException.invalid("field 'table': %s", e.getMessage());
        }
        JsonNode unmatched = f.optional("unmatched");
        CleanOp.MapValues.Unmatched mode;
        if (unmatched == null) {
            mode = CleanOp.MapValues.Unmatched.KEEP;
        } else if (unmatched.isNull()) {
            // YAML reads a bare `unmatched: null` as the null value, not as the word
            mode = CleanOp.MapValues.Unmatched.NULL;
        } else {
            mode = choice(scalar(unmatched, "field 'unmatched'"), "unmatched", CleanOp.MapValues.Unmatched.class);
        }
        return new CleanOp.MapValues(f.text("column"), table, f.text("from"), f.text("to"), mode);
    }

    private static DataType castType(String column, String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        DataType type;
        try {
            type = DataType.parse(name);
        } catch (IllegalArgumentException e) {
            throw ZhongtaiException.invalid("field '%s': %s", column, e.getMessage());
        }
        if (type.kind() == DataType.Kind.STRING && !VARCHAR_NAMES.contains(name)) {
            throw ZhongtaiException.invalid("field '%s': unknown type '%s' (types: %s)", column, text, TYPE_NAMES);
        }
        return type;
    }

    private static <E extends Enum<E>> E choice(String text, String field, Class<E> options) {
        for (E option : options.getEnumConstants()) {
            if (option.name().equalsIgnoreCase(text)) {
                return option;
            }
        }
        List<String> names = Arrays.stream(options.getEnumConstants()).map(o -> o.name().toLowerCase(Locale.ROOT)).toList();
        throw ZhongtaiException.invalid("field '%s': '%s' is not one of %s", field, text, String.join(", ", names));
    }

    /** A map from column names to values, e.g. {@code {age: INTEGER}}; {@code what} names the values in errors. */
    private static <V> Map<String, V> byColumn(JsonNode value, String what, BiFunction<String, JsonNode, V> read) {
        if (!value.isObject() || value.isEmpty()) {
            throw ZhongtaiException.invalid("value: expected a map of column to %s, e.g. {age: ...}", what);
        }
        Map<String, V> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            out.put(entry.getKey(), read.apply(entry.getKey(), entry.getValue()));
        }
        return out;
    }

    /** A column name or a list of them. */
    private static List<String> columnNames(JsonNode node, String label) {
        if (node.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode item : node) {
                names.add(scalar(item, label));
            }
            return names;
        }
        if (node.isValueNode() && !node.isNull()) {
            return List.of(node.asText());
        }
        throw ZhongtaiException.invalid("%s: expected a name or a list of names", label);
    }

    private static String scalar(JsonNode node, String label) {
        if (node.isNull()) {
            throw ZhongtaiException.invalid("%s: needs a value, not null", label);
        }
        if (!node.isValueNode()) {
            throw ZhongtaiException.invalid("%s: expected a single value, not a %s", label, node.isArray() ? "list" : "map");
        }
        return node.asText();
    }

    /** The fields of an op written as a map, refusing fields the op does not have. */
    private static final class Fields {
        private final JsonNode map;

        Fields(JsonNode map, String... names) {
            List<String> known = List.of(names);
            if (!map.isObject()) {
                throw ZhongtaiException.invalid("value: expected a map with the fields %s", String.join(", ", known));
            }
            map.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    throw ZhongtaiException.invalid("unknown field '%s' (fields: %s)", name, String.join(", ", known));
                }
            });
            this.map = map;
        }

        JsonNode optional(String name) {
            return map.get(name);
        }

        JsonNode required(String name) {
            JsonNode node = map.get(name);
            if (node == null) {
                throw ZhongtaiException.invalid("field '%s' is missing", name);
            }
            return node;
        }

        String text(String name) {
            return scalar(required(name), "field '" + name + "'");
        }

        String optionalText(String name) {
            JsonNode node = map.get(name);
            return node == null ? null : scalar(node, "field '" + name + "'");
        }

        List<String> optionalColumns(String name) {
            JsonNode node = map.get(name);
            return node == null ? List.of() : columnNames(node, "field '" + name + "'");
        }

        /** A whole number of at least zero, zero when absent. */
        int count(String name) {
            JsonNode node = map.get(name);
            if (node == null) {
                return 0;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
                throw ZhongtaiException.invalid("field '%s': expected a whole number of at least 0, not %s", name, node);
            }
            return node.asInt();
        }
    }
}
