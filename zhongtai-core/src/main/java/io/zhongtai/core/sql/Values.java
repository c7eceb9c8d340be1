package io.zhongtai.core.sql;

import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts DuckDB JDBC values into the plain Java values {@link SqlResult#get} promises. */
public final class Values {
    private Values() {
    }

    public static Object normalize(Object v) {
        try {
            if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
                return v;
            }
            if (v instanceof Timestamp ts) {
                return ts.toLocalDateTime();
            }
            if (v instanceof Struct s) {
                Map<String, Object> out = new LinkedHashMap<>();
                ((org.duckdb.DuckDBStruct) s).getMap().forEach((k, x) -> out.put(k, normalize(x)));
                return out;
            }
            if (v instanceof Array a) {
                Object arr = a.getArray();
                List<Object> out = new ArrayList<>();
                if (arr instanceof Object[] objs) {
                    Arrays.stream(objs).forEach(x -> out.add(normalize(x)));
                } else {
                    for (int i = 0; i < java.lang.reflect.Array.getLength(arr); i++) {
                        out.add(normalize(java.lang.reflect.Array.get(arr, i)));
                    }
                }
                return out;
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(normalize(k), normalize(x)));
                return out;
            }
            if (v instanceof Blob b) {
                return b.getBytes(1, (int) b.length());
            }
            if (v instanceof org.duckdb.JsonNode) {
                return v.toString();
            }
            return v;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read value: " + e.getMessage(), e);
        }
    }
}
