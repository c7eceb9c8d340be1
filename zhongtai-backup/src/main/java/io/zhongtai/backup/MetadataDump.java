package io.zhongtai.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.metadata.Dialect;
import io.zhongtai.core.metadata.MetadataStore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.stream.Collectors.joining;

/**
 * One consistent read of the metadata database: the rows of every platform table ({@code zt_*}: sources with their
 * secrets still encrypted, pipelines, schedules, quality rules, hashed tokens, ...) and, from the same transaction,
 * the Iceberg catalog's pointer to each table's current metadata file and each namespace's properties. Platform
 * tables hold portable types only (text and integers), so the rows travel as JSON and load into SQLite or PostgreSQL.
 */
record MetadataDump(int schemaVersion, Map<String, Rows> tables, Map<String, String> tableMetadata,
                    Map<String, Map<String, String>> namespaces) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Flyway's own history is recreated by the migrations of the restoring build. */
    private static final String SCHEMA_HISTORY = "zt_schema_history";

    record Rows(List<String> columns, List<List<Object>> rows) {
    }

    static MetadataDump read(MetadataStore store) {
        return store.withConnection(connection -> {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            if (store.dialect() == Dialect.POSTGRESQL) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            connection.setAutoCommit(false);
            try {
                Map<String, Rows> tables = new TreeMap<>();
                for (String table : platformTables(connection)) {
                    tables.put(table, rows(connection, "SELECT * FROM " + table));
                }
                Map<String, String> metadata = new TreeMap<>();
                for (List<Object> row : rows(connection, "SELECT table_namespace, table_name, metadata_location FROM iceberg_tables "
                        + "WHERE catalog_name = 'zhongtai' AND (iceberg_type IS NULL OR iceberg_type = 'TABLE')").rows()) {
                    metadata.put(row.get(0) + "." + row.get(1), (String) row.get(2));
                }
                Map<String, Map<String, String>> namespaces = new TreeMap<>();
                for (List<Object> row : rows(connection, "SELECT namespace, property_key, property_value FROM iceberg_namespace_properties "
                        + "WHERE catalog_name = 'zhongtai'").rows()) {
                    namespaces.computeIfAbsent((String) row.get(0), n -> new TreeMap<>()).put((String) row.get(1), (String) row.get(2));
                }
                connection.commit();
                return new MetadataDump(MetadataStore.SCHEMA_VERSION, tables, metadata, namespaces);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
                connection.setTransactionIsolation(isolation);
            }
        });
    }

    /**
     * Loads the platform rows into {@code store}, freshly migrated to the same schema version; its platform tables
     * must be empty (a restore goes into a new home).
     */
    void restoreInto(MetadataStore store) {
        if (schemaVersion != MetadataStore.SCHEMA_VERSION) {
            throw ZhongtaiException.invalid("Cannot restore the metadata of a backup taken at schema version %d with this build "
                    + "(schema version %d): restore it with the Zhongtai version that took it", schemaVersion, MetadataStore.SCHEMA_VERSION);
        }
        store.inTransaction(connection -> {
            List<String> existing = platformTables(connection);
            for (Map.Entry<String, Rows> table : tables.entrySet()) {
                if (!existing.contains(table.getKey())) {
                    throw ZhongtaiException.invalid("Cannot restore metadata: the backup has table %s, which this build does not know", table.getKey());
                }
                insert(connection, table.getKey(), table.getValue());
            }
            return null;
        });
    }

    private static void insert(Connection connection, String table, Rows rows) throws SQLException {
        try (Statement check = connection.createStatement(); ResultSet rs = check.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw ZhongtaiException.conflict("Cannot restore metadata into %s: it already has %d rows; restore into an empty home",
                        table, rs.getLong(1));
            }
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", rows.columns()) + ") VALUES ("
                + rows.columns().stream().map(c -> "?").collect(joining(", ")) + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (List<Object> row : rows.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    insert.setObject(i + 1, row.get(i));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The platform's tables, by name in lower case, without Flyway's history. */
    private static List<String> platformTables(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (name.startsWith("zt_") && !name.equals(SCHEMA_HISTORY)) {
                    names.add(name);
                }
            }
        }
        return names.stream().sorted().distinct().toList();
    }

    private static Rows rows(Connection connection, String select) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(select)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = rs.getObject(i);
                    // SQLite hands INTEGER columns back as Integer or Long depending on the value; keep whole numbers as longs
                    row.add(value instanceof Number n && !(value instanceof Double || value instanceof Float) ? (Object) n.longValue() : value);
                }
                rows.add(row);
            }
            return new Rows(columns, rows);
        }
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot write the metadata dump: " + e.getMessage(), null, e);
        }
    }

    static MetadataDump fromJson(byte[] json) {
        try {
            return JSON.readValue(json, MetadataDump.class);
        } catch (IOException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, "Cannot read the metadata dump of the backup: " + e.getMessage(), null, e);
        }
    }
}
