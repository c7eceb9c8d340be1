package io.zhongtai.connector.file;

/** Quoting for the SQL this connector hands to DuckDB. */
final class Sql {
    private Sql() {
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
