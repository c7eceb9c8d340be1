package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** DuckDB's types of file columns as platform types, and the widening that unites the files of one table. */
final class TypeMapping {
    private TypeMapping() {
    }

    /**
     * The platform type of a DuckDB type. Nested values (STRUCT, MAP, UNION) become JSON; lists become LIST in
     * Parquet and JSON in JSON files (where arrays may hold anything); types without a platform kind become STRING.
     */
    static DataType platformType(String duckType, DataFormat format) {
        String t = duckType.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION") || t.equals("JSON")) {
            return DataType.JSON;
        }
        if (t.endsWith("]")) {
            if (format == DataFormat.JSON) {
                return DataType.JSON;
            }
            DataType element = platformType(t.substring(0, t.lastIndexOf('[')), format);
            return element.kind() == DataType.Kind.JSON || element.kind() == DataType.Kind.LIST ? DataType.JSON : DataType.list(element);
        }
        return DataType.parse(t);
    }

    /**
     * The columns of a table made of files: the union by name in order of first appearance, each column of the type
     * every file's values fit. Files without a header must agree on the number of columns.
     */
    static List<Column> union(List<FileColumns> files, boolean positional) {
        Map<String, Column> union = new LinkedHashMap<>();
        FileColumns first = files.isEmpty() ? null : files.get(0);
        for (FileColumns file : files) {
            if (positional && file.columns().size() != first.columns().size()) {
                throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "File " + file.display() + " has "
                        + file.columns().size() + " columns but " + first.display() + " has " + first.columns().size()
                        + "; without a header line the files of one table must have the same columns");
            }
            for (Column c : file.columns()) {
                union.merge(c.name(), c, (a, b) -> {
                    DataType wide = widen(a.type(), b.type());
                    return new Column(a.name(), wide, wide.equals(a.type()) ? a.sourceType() : wide.equals(b.type()) ? b.sourceType()
                            : wide.sqlName(), true);
                });
            }
        }
        return new ArrayList<>(union.values());
    }

    /** A file and its columns in file order. */
    record FileColumns(String display, List<Column> columns) {
    }

    /** The narrowest type both types' values fit; STRING when nothing narrower does. */
    static DataType widen(DataType a, DataType b) {
        if (a.canWiden(b)) {
            return a;
        }
        if (b.canWiden(a)) {
            return b;
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (a.kind() == DataType.Kind.FLOAT || a.kind() == DataType.Kind.DOUBLE
                    || b.kind() == DataType.Kind.FLOAT || b.kind() == DataType.Kind.DOUBLE) {
                return DataType.DOUBLE;
            }
            int scale = Math.max(scale(a), scale(b));
            int integerDigits = Math.max(integerDigits(a), integerDigits(b));
            return integerDigits + scale <= DataType.MAX_DECIMAL_PRECISION ? DataType.decimal(integerDigits + scale, scale) : DataType.DOUBLE;
        }
        if (isTemporal(a) && isTemporal(b)) {
            return a.kind() == DataType.Kind.TIMESTAMP_TZ || b.kind() == DataType.Kind.TIMESTAMP_TZ ? DataType.TIMESTAMP_TZ : DataType.TIMESTAMP;
        }
        return DataType.STRING;
    }

    private static boolean isNumeric(DataType t) {
        return t.isIntegral() || t.kind() == DataType.Kind.DECIMAL || t.kind() == DataType.Kind.FLOAT || t.kind() == DataType.Kind.DOUBLE;
    }

    private static boolean isTemporal(DataType t) {
        return t.kind() == DataType.Kind.DATE || t.kind() == DataType.Kind.TIMESTAMP || t.kind() == DataType.Kind.TIMESTAMP_TZ;
    }

    private static int scale(DataType t) {
        return t.kind() == DataType.Kind.DECIMAL ? t.scale() : 0;
    }

    private static int integerDigits(DataType t) {
        return switch (t.kind()) {
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            default -> t.precision() - t.scale();
        };
    }
}
