package io.zhongtai.pipeline.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.quality.QualityRule.AcceptedValues;
import io.zhongtai.pipeline.quality.QualityRule.Bounds;
import io.zhongtai.pipeline.quality.QualityRule.CustomSql;
import io.zhongtai.pipeline.quality.QualityRule.Freshness;
import io.zhongtai.pipeline.quality.QualityRule.NotNull;
import io.zhongtai.pipeline.quality.QualityRule.Range;
import io.zhongtai.pipeline.quality.QualityRule.Referential;
import io.zhongtai.pipeline.quality.QualityRule.Regex;
import io.zhongtai.pipeline.quality.QualityRule.RowCount;
import io.zhongtai.pipeline.quality.QualityRule.RowCountChange;
import io.zhongtai.pipeline.quality.QualityRule.Unique;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/** Reads rules from the Jackson tree of a {@code quality:} list; errors read {@code rule N (type): field 'x' ...}. */
final class RuleParser {
    /** A rule type: the fields it has besides type, name and severity, and how to read them. */
    private record RuleType(List<String> fields, Function<Fields, QualityRule> reader) {
    }

    private static final Map<String, RuleType> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("not_null", new RuleType(List.of("column"), f -> {
            String column = f.string("column");
            return new NotNull(f.name(column), f.severity(), column);
        }));
        TYPES.put("unique", new RuleType(List.of("column", "columns"), f -> {
            List<String> columns = f.keyColumns();
            return new Unique(f.name(String.join(", ", columns)), f.severity(), columns);
        }));
        TYPES.put("accepted_values", new RuleType(List.of("column", "values"), f -> {
            String column = f.string("column");
            return new AcceptedValues(f.name(column), f.severity(), column, f.list("values", f::scalar));
        }));
        TYPES.put("range", new RuleType(List.of("column", "min", "max"), f -> {
            String column = f.string("column");
            return new Range(f.name(column), f.severity(), column, f.bounds(f.number("min"), f.number("max")));
        }));
        TYPES.put("regex", new RuleType(List.of("column", "pattern"), f -> {
            String column = f.string("column");
            return new Regex(f.name(column), f.severity(), column, f.pattern());
        }));
        TYPES.put("row_count", new RuleType(List.of("min", "max"),
                f -> new RowCount(f.name(null), f.severity(), f.bounds(f.count("min"), f.count("max")))));
        TYPES.put("row_count_change", new RuleType(List.of("max_change_percent"),
                f -> new RowCountChange(f.name(null), f.severity(), f.maxChangePercent())));
        TYPES.put("freshness", new RuleType(List.of("column", "max_age"), f -> {
            String column = f.string("column");
            return new Freshness(f.name(column), f.severity(), column, f.maxAge());
        }));
        TYPES.put("referential", new RuleType(List.of("column", "references"), Fields::referential));
        TYPES.put("custom_sql", new RuleType(List.of("sql"), f -> {
            if (!f.present("name")) {
                throw f.error("field 'name' is required: a custom_sql rule has no column to name it after");
            }
            return new CustomSql(f.string("name"), f.severity(), f.string("sql"));
        }));
    }

    private static final List<String> COMMON_FIELDS = List.of("type", "name", "severity");

    private RuleParser() {
    }

    static List<QualityRule> parseAll(JsonNode rules) {
        requireNonNull(rules, "rules is null");
        if (!rules.isArray()) {
            throw ZhongtaiException.invalid("quality: expected a list of rules, got %s", kind(rules));
        }
        List<QualityRule> out = new ArrayList<>();
        Map<String, Integer> numberByName = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            QualityRule rule = parse(rules.get(i), i + 1);
            Integer earlier = numberByName.putIfAbsent(rule.name(), i + 1);
            if (earlier != null) {
                throw ZhongtaiException.invalid("rule %d (%s): name '%s' is already used by rule %d; give one of them another name",
                        i + 1, rule.type(), rule.name(), earlier);
            }
            out.add(rule);
        }
        return out;
    }

    static QualityRule parse(JsonNode rule, int number) {
        requireNonNull(rule, "rule is null");
        if (!rule.isObject()) {
            throw ZhongtaiException.invalid("rule %d: expected a mapping with a 'type' field, got %s", number, kind(rule));
        }
        JsonNode typeNode = rule.path("type");
        if (typeNode.isMissingNode() || typeNode.isNull()) {
            throw ZhongtaiException.invalid("rule %d: field 'type' is required", number);
        }
        String type = typeNode.asText();
        RuleType ruleType = TYPES.get(type);
        if (!typeNode.isTextual() || ruleType == null) {
            throw ZhongtaiException.invalid("rule %d (%s): field 'type' must be one of %s",
                    number, type, String.join(", ", TYPES.keySet()));
        }
        Fields fields = new Fields(rule, type, "rule " + number + " (" + type + ")");
        fields.checkKnown(ruleType.fields());
        return ruleType.reader().apply(fields);
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isTextual()) {
            return "a string";
        }
        return node.isMissingNode() ? "nothing" : "null";
    }

    /** The fields of one rule, read with errors prefixed by {@code rule N (type)}. */
    private record Fields(JsonNode rule, String type, String prefix) {
        void checkKnown(List<String> fields) {
            List<String> allowed = new ArrayList<>(COMMON_FIELDS);
            allowed.addAll(fields);
            Iterator<String> names = rule.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                if (!allowed.contains(field)) {
                    throw error("unknown field '%s'; allowed fields: %s", field, String.join(", ", allowed));
                }
            }
        }

        Severity severity() {
            if (!present("severity")) {
                return Severity.BLOCK;
            }
            String text = string("severity");
            if (!text.equals("block") && !text.equals("warn")) {
                throw error("field 'severity' must be block or warn, got '%s'", text);
            }
            return Severity.valueOf(text.toUpperCase(Locale.ROOT));
        }

        /** The given name, else {@code type(columns)}, or just the type for rules about the whole table. */
        String name(String columns) {
            if (present("name")) {
                return string("name");
            }
            return columns == null ? type : type + "(" + columns + ")";
        }

        List<String> keyColumns() {
            if (present("column") && present("columns")) {
                throw error("use field 'column' for one key column or field 'columns' for several, not both");
            }
            if (present("column")) {
                return List.of(string("column"));
            }
            if (!present("columns")) {
                throw error("field 'columns' is required (or 'column' for a single key column)");
            }
            return list("columns", this::string);
        }

        Bounds bounds(BigDecimal min, BigDecimal max) {
            if (min == null && max == null) {
                throw error("field 'min' or field 'max' is required");
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw error("field 'min' (%s) is greater than field 'max' (%s)", min.toPlainString(), max.toPlainString());
            }
            return new Bounds(min, max);
        }

        /** A row count bound: a whole number >= 0, or null when absent. */
        BigDecimal count(String field) {
            BigDecimal value = number(field);
            if (value != null && (value.signum() < 0 || value.stripTrailingZeros().scale() > 0)) {
                throw error("field '%s' must be a whole number >= 0, got %s", field, value.toPlainString());
            }
            return value;
        }

        String pattern() {
            String pattern = string("pattern");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw error("field 'pattern' is not a valid regular expression: %s at index %d", e.getDescription(), e.getIndex());
            }
            return pattern;
        }

        BigDecimal maxChangePercent() {
            BigDecimal percent = number("max_change_percent");
            if (percent == null) {
                throw error("field 'max_change_percent' is required");
            }
            if (percent.signum() < 0) {
                throw error("field 'max_change_percent' must be >= 0, got %s", percent.toPlainString());
            }
            return percent;
        }

        Duration maxAge() {
            String text = string("max_age");
            return Durations.parse(text).orElseThrow(() -> error(
                    "field 'max_age' must be a whole number and a unit s, m, h or d (such as 30m, 26h, 7d), got '%s'", text));
        }

        Referential referential() {
            String column = string("column");
            String references = string("references");
            String[] parts = references.split("\\.", -1);
            if (parts.length != 3 || parts[2].isBlank()) {
                throw error("field 'references' must be <namespace>.<table>.<column>, got '%s'", references);
            }
            TableName table;
            try {
                table = new TableName(parts[0], parts[1]);
            } catch (ZhongtaiException e) {
                throw error("field 'references': %s", e.getMessage());
            }
            return new Referential(name(column), severity(), column, table, parts[2]);
        }

        boolean present(String field) {
            return rule.hasNonNull(field);
        }

        String string(String field) {
            if (!present(field)) {
                throw error("field '%s' is required", field);
            }
            return string(field, rule.get(field));
        }

        /** A non-blank string value; {@code field} names it in the error. */
        String string(String field, JsonNode value) {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw error("field '%s' must be a non-empty string, got %s", field, value.isTextual() ? "''" : kind(value));
            }
            return value.asText();
        }

        /** A string, number or boolean, as text. */
        String scalar(String field, JsonNode value) {
            if (!value.isValueNode() || value.isNull()) {
                throw error("field '%s' must be a string, number or boolean, got %s", field, kind(value));
            }
            return value.asText();
        }

        /** A non-empty list, each element read by {@code element} under the name {@code field[i]}. */
        <T> List<T> list(String field, BiFunction<String, JsonNode, T> element) {
            if (!present(field)) {
                throw error("field '%s' is required", field);
            }
            JsonNode value = rule.get(field);
            if (!value.isArray() || value.isEmpty()) {
                throw error("field '%s' must be a non-empty list, got %s", field, value.isArray() ? "an empty list" : kind(value));
            }
            List<T> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                out.add(element.apply(field + "[" + i + "]", value.get(i)));
            }
            return out;
        }

        /** A number without trailing zeros (YAML 1000.0 reads as 1000), or null when the field is absent. */
        BigDecimal number(String field) {
            if (!present(field)) {
                return null;
            }
            JsonNode value = rule.get(field);
            if (!value.isNumber()) {
                throw error("field '%s' must be a number, got %s", field, value.isTextual() ? "'" + value.asText() + "'" : kind(value));
            }
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() < 0 ? number.setScale(0) : number;
        }

        ZhongtaiException error(String format, Object... args) {
            return ZhongtaiException.invalid("%s: %s", prefix, String.format(format, args));
        }
    }
}
