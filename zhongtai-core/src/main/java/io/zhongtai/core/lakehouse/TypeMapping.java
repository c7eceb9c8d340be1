package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Translates between DuckDB's type names (what users write and what DuckDB reports) and Iceberg
 * types (what the table stores). JSON is stored as an Iceberg string and remembered per table.
 */
public final class TypeMapping {
    private TypeMapping() {
    }

    /** One column as DuckDB describes it. */
    public record Column(String name, String duckType, boolean nullable) {
    }

    /** Builds an Iceberg schema (ids assigned from 1) from DuckDB column descriptions. */
    public static Schema toSchema(List<Column> columns) {
        AtomicInteger ids = new AtomicInteger(0);
        List<Types.NestedField> fields = new ArrayList<>();
        for (Column c : columns) {
            int id = ids.incrementAndGet();
            Type type = toIceberg(c.duckType(), ids, c.name());
            fields.add(Types.NestedField.of(id, c.nullable(), c.name(), type));
        }
        return new Schema(fields);
    }

    /** Field ids of top-level columns declared JSON, for {@link Lakehouse#JSON_COLUMNS_PROPERTY}. */
    public static String jsonColumnIds(List<Column> columns, Schema schema) {
        List<String> ids = new ArrayList<>();
        for (Column c : columns) {
            if (c.duckType().equalsIgnoreCase("JSON")) {
                ids.add(String.valueOf(schema.findField(c.name()).fieldId()));
            }
        }
        return String.join(",", ids);
    }

    public static Type toIceberg(String duckType, AtomicInteger ids, String columnName) {
        return new Parser(duckType, ids, columnName).parseType();
    }

    /** The DuckDB type to read or write an Iceberg column as. */
    public static String toDuck(Type type, boolean json) {
        return switch (type.typeId()) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> {
                Types.DecimalType d = (Types.DecimalType) type;
                yield "DECIMAL(" + d.precision() + "," + d.scale() + ")";
            }
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
            case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP_NS";
            case STRING -> json ? "JSON" : "VARCHAR";
            case UUID -> "UUID";
            case BINARY, FIXED -> "BLOB";
            case LIST -> toDuck(type.asListType().elementType(), false) + "[]";
            case MAP -> "MAP(" + toDuck(type.asMapType().keyType(), false) + ", " + toDuck(type.asMapType().valueType(), false) + ")";
            case STRUCT -> {
                StringBuilder b = new StringBuilder("STRUCT(");
                List<Types.NestedField> fields = type.asStructType().fields();
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    b.append(quote(fields.get(i).name())).append(' ').append(toDuck(fields.get(i).type(), false));
                }
                yield b.append(')').toString();
            }
            default -> throw ZhongtaiException.invalid("Iceberg type %s is not supported by the SQL engine", type);
        };
    }

    /**
     * DuckDB's {@code FIELD_IDS} COPY option for a schema, so Parquet files carry Iceberg's field ids
     * (without them Iceberg would assign ids by position, silently).
     */
    public static String fieldIds(Schema schema) {
        StringBuilder b = new StringBuilder("{");
        appendFieldIds(b, schema.asStruct().fields());
        return b.append('}').toString();
    }

    private static void appendFieldIds(StringBuilder b, List<Types.NestedField> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            Types.NestedField f = fields.get(i);
            b.append(quote(f.name())).append(": ");
            appendTypeIds(b, f.fieldId(), f.type());
        }
    }

    private static void appendTypeIds(StringBuilder b, int id, Type type) {
        if (type.isPrimitiveType()) {
            b.append(id);
            return;
        }
        b.append("{__duckdb_field_id: ").append(id);
        switch (type.typeId()) {
            case LIST -> {
                b.append(", element: ");
                appendTypeIds(b, type.asListType().elementId(), type.asListType().elementType());
            }
            case MAP -> {
                b.append(", key: ");
                appendTypeIds(b, type.asMapType().keyId(), type.asMapType().keyType());
                b.append(", value: ");
                appendTypeIds(b, type.asMapType().valueId(), type.asMapType().valueType());
            }
            case STRUCT -> {
                b.append(", ");
                appendFieldIds(b, type.asStructType().fields());
            }
            default -> throw new IllegalStateException("not nested: " + type);
        }
        b.append('}');
    }

    /** Double-quotes an identifier for DuckDB. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Single-quotes a string literal for DuckDB. */
    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** Whether an Iceberg schema change from {@code from} to {@code to} is a type widening Iceberg allows. */
    public static boolean isWidening(Type from, Type to) {
        if (from.equals(to)) {
            return true;
        }
        return switch (from.typeId()) {
            case INTEGER -> to.typeId() == Type.TypeID.LONG;
            case FLOAT -> to.typeId() == Type.TypeID.DOUBLE;
            case DECIMAL -> to.typeId() == Type.TypeID.DECIMAL
                    && ((Types.DecimalType) to).scale() == ((Types.DecimalType) from).scale()
                    && ((Types.DecimalType) to).precision() >= ((Types.DecimalType) from).precision();
            default -> false;
        };
    }

    /** A recursive-descent parser of DuckDB type names such as {@code STRUCT(a INTEGER, b VARCHAR[])}. */
    private static final class Parser {
        private static final Set<String> INTS = Set.of("TINYINT", "SMALLINT", "INTEGER", "INT", "INT1", "INT2", "INT4",
                "SHORT", "UTINYINT", "USMALLINT", "SIGNED");
        private static final Set<String> LONGS = Set.of("BIGINT", "INT8", "LONG", "UINTEGER");
        private final String text;
        private final AtomicInteger ids;
        private final String column;
        private int pos;

        Parser(String text, AtomicInteger ids, String column) {
            this.text = text.trim();
            this.ids = ids;
            this.column = column;
        }

        Type parseType() {
            Type type = parseBase();
            skipSpaces();
            while (pos < text.length() && text.charAt(pos) == '[') {
                expect("[");
                skipSpaces();
                if (peek() != ']') {
                    throw unsupported("fixed-size arrays");
                }
                expect("]");
                type = Types.ListType.ofOptional(ids.incrementAndGet(), type);
                skipSpaces();
            }
            return type;
        }

        private Type parseBase() {
            skipSpaces();
            String word = word().toUpperCase(Locale.ROOT);
            switch (word) {
                case "STRUCT", "ROW" -> {
                    expect("(");
                    List<String> names = new ArrayList<>();
                    List<Integer> fieldIds = new ArrayList<>();
                    List<Type> types = new ArrayList<>();
                    do {
                        skipSpaces();
                        names.add(name());
                        fieldIds.add(ids.incrementAndGet());
                        types.add(parseType());
                        skipSpaces();
                    } while (tryConsume(","));
                    expect(")");
                    List<Types.NestedField> fields = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        fields.add(Types.NestedField.optional(fieldIds.get(i), names.get(i), types.get(i)));
                    }
                    return Types.StructType.of(fields);
                }
                case "MAP" -> {
                    expect("(");
                    int keyId = ids.incrementAndGet();
                    int valueId = ids.incrementAndGet();
                    Type key = parseType();
                    expect(",");
                    Type value = parseType();
                    expect(")");
                    return Types.MapType.ofOptional(keyId, valueId, key, value);
                }
                case "DECIMAL", "NUMERIC" -> {
                    int precision = 18;
                    int scale = 3;
                    skipSpaces();
                    if (tryConsume("(")) {
                        precision = number();
                        scale = tryConsume(",") ? number() : 0;
                        expect(")");
                    }
                    if (precision > 38) {
                        throw ZhongtaiException.invalid("Column %s: DECIMAL precision %d exceeds 38", column, precision);
                    }
                    return Types.DecimalType.of(precision, scale);
                }
                case "BOOLEAN", "BOOL", "LOGICAL" -> {
                    return Types.BooleanType.get();
                }
                case "FLOAT", "FLOAT4", "REAL" -> {
                    return Types.FloatType.get();
                }
                case "DOUBLE", "FLOAT8" -> {
                    return Types.DoubleType.get();
                }
                case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "JSON" -> {
                    skipLength();
                    return Types.StringType.get();
                }
                case "DATE" -> {
                    return Types.DateType.get();
                }
                case "TIME" -> {
                    return Types.TimeType.get();
                }
                case "TIMESTAMPTZ" -> {
                    return Types.TimestampType.withZone();
                }
                case "TIMESTAMP", "DATETIME", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP_US" -> {
                    skipSpaces();
                    int save = pos;
                    if (word().equalsIgnoreCase("WITH")) {
                        skipSpaces();
                        word();
                        skipSpaces();
                        word();
                        return Types.TimestampType.withZone();
                    }
                    pos = save;
                    return Types.TimestampType.withoutZone();
                }
                case "TIMESTAMP_NS" -> {
                    return Types.TimestampNanoType.withoutZone();
                }
                case "UUID" -> {
                    return Types.UUIDType.get();
                }
                case "BLOB", "BYTEA", "BINARY", "VARBINARY" -> {
                    return Types.BinaryType.get();
                }
                case "HUGEINT", "UBIGINT", "UHUGEINT", "INT128" -> {
                    return Types.DecimalType.of(38, 0);
                }
                default -> {
                    if (INTS.contains(word)) {
                        return Types.IntegerType.get();
                    }
                    if (LONGS.contains(word)) {
                        return Types.LongType.get();
                    }
                    throw unsupported(word.isEmpty() ? "'" + text + "'" : word);
                }
            }
        }

        private ZhongtaiException unsupported(String what) {
            return ZhongtaiException.invalid("Column %s: type %s is not supported in lakehouse tables "
                    + "(supported: BOOLEAN, TINYINT..BIGINT, DECIMAL(p,s), FLOAT, DOUBLE, VARCHAR, DATE, TIME, TIMESTAMP, "
                    + "TIMESTAMPTZ, UUID, JSON, BLOB, lists T[], STRUCT(...), MAP(K,V))", column, what);
        }

        private void skipLength() {
            skipSpaces();
            if (tryConsume("(")) {
                number();
                expect(")");
            }
        }

        private String name() {
            if (peek() == '"') {
                int end = text.indexOf('"', pos + 1);
                String n = text.substring(pos + 1, end);
                pos = end + 1;
                return n;
            }
            return word();
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private int number() {
            skipSpaces();
            String n = word();
            try {
                return Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw ZhongtaiException.invalid("Column %s: expected a number in type '%s'", column, text);
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private boolean tryConsume(String s) {
            skipSpaces();
            if (text.startsWith(s, pos)) {
                pos += s.length();
                return true;
            }
            return false;
        }

        private void expect(String s) {
            if (!tryConsume(s)) {
                throw ZhongtaiException.invalid("Column %s: cannot parse type '%s' at character %d, expected '%s'",
                        column, text, pos + 1, s);
            }
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
