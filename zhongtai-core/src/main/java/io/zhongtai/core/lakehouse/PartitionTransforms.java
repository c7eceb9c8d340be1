package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.sql.SqlLexer;
import io.zhongtai.core.sql.SqlLexer.Token;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.BucketUtil;
import org.duckdb.DuckDBFunctions;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Iceberg partition transforms: parsing {@code PARTITIONED BY (...)} and computing each transform's
 * value in DuckDB SQL (bucket uses Iceberg's own murmur3 through a Java function registered in DuckDB).
 */
public final class PartitionTransforms {
    private PartitionTransforms() {
    }

    /**
     * Parses partition items such as {@code region}, {@code day(order_ts)}, {@code bucket(16, id)},
     * {@code truncate(4, sku)} into a spec over {@code schema}.
     */
    public static PartitionSpec parse(List<Token> tokens, Schema schema) {
        PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
        int i = 0;
        while (i < tokens.size()) {
            Token head = tokens.get(i);
            if (!head.isIdentifier()) {
                throw ZhongtaiException.invalid("PARTITIONED BY: expected a column or transform at '%s'", head.text());
            }
            if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")) {
                int close = i + 2;
                while (close < tokens.size() && !tokens.get(close).isSymbol(")")) {
                    close++;
                }
                List<Token> args = tokens.subList(i + 2, Math.min(close, tokens.size())).stream().filter(t -> !t.isSymbol(",")).toList();
                String transform = head.identifier();
                try {
                    switch (transform) {
                        case "year", "years" -> b.year(column(args, 0, schema));
                        case "month", "months" -> b.month(column(args, 0, schema));
                        case "day", "days" -> b.day(column(args, 0, schema));
                        case "hour", "hours" -> b.hour(column(args, 0, schema));
                        case "bucket" -> b.bucket(column(args, 1, schema), number(args, transform));
                        case "truncate" -> b.truncate(column(args, 1, schema), number(args, transform));
                        case "identity" -> b.identity(column(args, 0, schema));
                        default -> throw ZhongtaiException.invalid(
                                "PARTITIONED BY: unknown transform %s (use identity, year, month, day, hour, bucket(n, col), truncate(w, col))", transform);
                    }
                } catch (IllegalArgumentException e) {
                    throw ZhongtaiException.invalid("PARTITIONED BY %s: %s", transform, e.getMessage());
                }
                i = close + 1;
            } else {
                b.identity(column(List.of(head), 0, schema));
                i++;
            }
            if (i < tokens.size() && tokens.get(i).isSymbol(",")) {
                i++;
            }
        }
        PartitionSpec spec = b.build();
        for (PartitionField f : spec.fields()) {
            Type source = schema.findType(f.sourceId());
            String t = f.transform().toString();
            if (t.startsWith("bucket") && !(source.typeId() == Type.TypeID.STRING || isLongLike(source))) {
                throw ZhongtaiException.invalid("PARTITIONED BY bucket: column %s of type %s cannot be bucketed "
                        + "(supported: integers, dates, timestamps, strings)", schema.findColumnName(f.sourceId()), source);
            }
            if (t.startsWith("truncate") && !(source.typeId() == Type.TypeID.STRING || source.typeId() == Type.TypeID.INTEGER
                    || source.typeId() == Type.TypeID.LONG)) {
                throw ZhongtaiException.invalid("PARTITIONED BY truncate: column %s of type %s cannot be truncated",
                        schema.findColumnName(f.sourceId()), source);
            }
        }
        return spec;
    }

    private static String column(List<Token> args, int index, Schema schema) {
        if (args.size() <= index) {
            throw ZhongtaiException.invalid("PARTITIONED BY: missing column argument");
        }
        String name = args.get(index).identifier();
        if (schema.findField(name) == null) {
            throw ZhongtaiException.invalid("PARTITIONED BY: column does not exist: %s", name);
        }
        return name;
    }

    private static int number(List<Token> args, String transform) {
        if (args.isEmpty() || args.get(0).kind() != SqlLexer.Kind.NUMBER) {
            throw ZhongtaiException.invalid("PARTITIONED BY %s: expected %s(<number>, <column>)", transform, transform);
        }
        return Integer.parseInt(args.get(0).text());
    }

    private static boolean isLongLike(Type t) {
        return switch (t.typeId()) {
            case INTEGER, LONG, DATE, TIMESTAMP -> true;
            default -> false;
        };
    }

    /** DuckDB SQL computing the partition value (in Iceberg's internal representation) of a row aliased {@code alias}. */
    static String sqlFor(PartitionField field, Schema schema, String alias) {
        String col = alias + "." + TypeMapping.quote(schema.findColumnName(field.sourceId()));
        Type source = schema.findType(field.sourceId());
        String t = field.transform().toString();
        if (t.equals("identity")) {
            return internal(col, source);
        }
        if (t.equals("year")) {
            return "(year(" + col + ") - 1970)";
        }
        if (t.equals("month")) {
            return "((year(" + col + ") - 1970) * 12 + month(" + col + ") - 1)";
        }
        if (t.equals("day")) {
            return "date_diff('day', DATE '1970-01-01', CAST(" + col + " AS DATE))";
        }
        if (t.equals("hour")) {
            return "CAST(floor(epoch_us(" + col + ") / 3600000000) AS INTEGER)";
        }
        int n = Integer.parseInt(t.substring(t.indexOf('[') + 1, t.indexOf(']')));
        if (t.startsWith("bucket")) {
            return source.typeId() == Type.TypeID.STRING
                    ? "zt_bucket_string(" + col + ", " + n + ")"
                    : "zt_bucket_long(CAST(" + internal(col, source) + " AS BIGINT), " + n + ")";
        }
        if (t.startsWith("truncate")) {
            return source.typeId() == Type.TypeID.STRING
                    ? "left(" + col + ", " + n + ")"
                    : "(" + col + " - (((" + col + " % " + n + ") + " + n + ") % " + n + "))";
        }
        throw ZhongtaiException.invalid("Partition transform %s is not supported for writing", t);
    }

    private static String internal(String col, Type source) {
        return switch (source.typeId()) {
            case DATE -> "date_diff('day', DATE '1970-01-01', " + col + ")";
            case TIMESTAMP -> "epoch_us(" + col + ")";
            default -> col;
        };
    }

    /** Converts a value DuckDB returned to the Java class Iceberg expects for a partition field of {@code type}. */
    static Object toInternal(Object v, Type type) {
        if (v == null) {
            return null;
        }
        return switch (type.typeId()) {
            case INTEGER, DATE -> ((Number) v).intValue();
            case LONG, TIMESTAMP, TIME -> ((Number) v).longValue();
            case DECIMAL -> v instanceof BigDecimal d ? d.setScale(((Types.DecimalType) type).scale()) : new BigDecimal(v.toString());
            case STRING -> v.toString();
            case FLOAT -> ((Number) v).floatValue();
            case DOUBLE -> ((Number) v).doubleValue();
            default -> v;
        };
    }

    /** Registers the bucket functions in a DuckDB instance (before it is locked). */
    public static void registerFunctions(Connection c) {
        try {
            DuckDBFunctions.scalarFunction().withName("zt_bucket_long")
                    .withParameter(Long.class).withParameter(Integer.class).withReturnType(Integer.class)
                    .withFunction((Long value, Integer n) -> (BucketUtil.hash(value) & Integer.MAX_VALUE) % n)
                    .register(c);
            DuckDBFunctions.scalarFunction().withName("zt_bucket_string")
                    .withParameter(String.class).withParameter(Integer.class).withReturnType(Integer.class)
                    .withFunction((String value, Integer n) -> (BucketUtil.hash(value) & Integer.MAX_VALUE) % n)
                    .register(c);
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot register bucket functions: " + e.getMessage(), null, e);
        }
    }
}
