package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.connector.jdbc.JdbcConnector;
import io.zhongtai.connector.jdbc.cdc.JdbcCdc;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * MySQL and MariaDB (MariaDB Connector/J speaks to both): information_schema browsing, the type mapping,
 * streamed reads and JDBC-batch exports. Namespaces are databases.
 */
public class MySqlConnector extends JdbcConnector {
    /** UTC, and strict so exports fail on bad values instead of truncating them with a warning. */
    private static final String SESSION = "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,"
            + "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";
    private static final Set<String> SYSTEM_DATABASES = Set.of("information_schema", "mysql", "performance_schema", "sys");

    public MySqlConnector(ConnectorConfig config, ConnectorContext context) {
        super(MySqlConnectorFactory.NAME, "mariadb", SESSION, JdbcCdc.MYSQL, config, context);
    }

    @Override
    protected Properties driverProperties(Duration connectTimeout) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toMillis())));
        p.setProperty("socketTimeout", String.valueOf(settings.socketTimeout().toMillis()));
        // MariaDB Connector/J cannot fall back from TLS to plain text, so "prefer" connects without TLS.
        p.setProperty("sslMode", switch (settings.sslMode()) {
            case "require" -> "trust";
            case "verify-full" -> "verify-full";
            default -> "disable";
        });
        if (settings.sslRootCert() != null) {
            p.setProperty("serverSslCert", settings.sslRootCert());
        }
        return p;
    }

    @Override
    protected ConnectorException.Kind classify(SQLException e) {
        return switch (e.getErrorCode()) {
            case 1045, 1044, 1698 -> ConnectorException.Kind.AUTHENTICATION;
            case 1049, 1146 -> ConnectorException.Kind.NOT_FOUND;
            default -> null;
        };
    }

    @Override
    protected String defaultNamespace() {
        return settings.database();
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** A string literal; the session's sql_mode has no NO_BACKSLASH_ESCAPES, so backslashes are escaped. */
    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    protected String typedLiteral(String text, Column column) {
        String literal = literal(text);
        DataType type = column.type();
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> "CAST(" + literal + " AS SIGNED)";
            case DECIMAL -> "CAST(" + literal + " AS DECIMAL(" + type.precision() + "," + type.scale() + "))";
            case FLOAT, DOUBLE -> "CAST(" + literal + " AS DOUBLE)";
            case DATE -> "CAST(" + literal + " AS DATE)";
            case TIME -> "CAST(" + literal + " AS TIME(6))";
            case TIMESTAMP, TIMESTAMP_TZ -> "CAST(" + literal + " AS DATETIME(6))";
            default -> literal;
        };
    }

    @Override
    protected String selectExpression(Column column) {
        return MySqlTypes.isGeometry(column.sourceType()) ? "ST_AsText(" + quote(column.name()) + ")" : quote(column.name());
    }

    @Override
    protected Object readValue(ResultSet rs, int index, Column column) throws SQLException {
        if (column.type().kind() == DataType.Kind.TIMESTAMP_TZ) {
            LocalDateTime utc = rs.getObject(index, LocalDateTime.class);
            return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
        }
        return super.readValue(rs, index, column);
    }

    @Override
    public List<String> listNamespaces() {
        return withConnection("list databases", c -> strings(c,
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME").stream()
                .filter(d -> !SYSTEM_DATABASES.contains(d.toLowerCase(java.util.Locale.ROOT))).toList());
    }

    @Override
    public List<TableId> listTables(String namespace) {
        String database = namespace == null || namespace.isEmpty() ? settings.database() : namespace;
        return withConnection("list tables of database " + database, c -> strings(c, "SELECT TABLE_NAME FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", database).stream()
                .map(t -> new TableId(database, t)).toList());
    }

    @Override
    protected TableSchema describe(Connection c, TableId table) throws SQLException {
        Set<String> jsonColumns = mariaDbJsonColumns(c, table);
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION,"
                + " NUMERIC_SCALE, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
            s.setString(1, table.namespace());
            s.setString(2, table.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String columnType = rs.getString(3);
                    DataType type = MySqlTypes.toPlatform(rs.getString(2), columnType, rs.getLong(4), rs.getLong(5),
                            jsonColumns.contains(name));
                    columns.add(new Column(name, type, columnType, "YES".equals(rs.getString(6))));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> primaryKey = strings(c, "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX", table.namespace(), table.name());
        return new TableSchema(table, columns, primaryKey);
    }

    /** MariaDB's JSON is LONGTEXT with a {@code json_valid(col)} check constraint named after the column. */
    private static Set<String> mariaDbJsonColumns(Connection c, TableId table) throws SQLException {
        Set<String> columns = new HashSet<>();
        if (!c.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            return columns;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM"
                + " information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            s.setString(1, table.namespace());
            s.setString(2, table.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    if (rs.getString(2).equalsIgnoreCase("json_valid(`" + column.replace("`", "``") + "`)")) {
                        columns.add(column);
                    }
                }
            }
        }
        return columns;
    }

    @Override
    protected long estimateRows(Connection c, TableId table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            s.setString(1, table.namespace());
            s.setString(2, table.name());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    long rows = rs.getLong(1);
                    return rs.wasNull() ? -1 : rows;
                }
                return -1;
            }
        }
    }

    @Override
    protected String sqlType(Column column, boolean key) {
        return MySqlTypes.toSql(column.type(), key);
    }

    /** DELETE, not TRUNCATE: TRUNCATE commits implicitly and could not be rolled back with the export. */
    @Override
    protected String clearTableSql(TableId table) {
        return "DELETE FROM " + qualified(table);
    }

    @Override
    protected BatchWriter newWriter(Connection c, TableId target, List<Column> columns, WriteMode mode, List<String> keys)
            throws SQLException {
        if (mode == WriteMode.UPSERT) {
            checkUniqueKey(c, target, keys);
        }
        return new MySqlBatchWriter(this, c, target, columns, mode, keys);
    }

    /** ON DUPLICATE KEY UPDATE needs a primary key or unique index on the keys; without one it silently appends. */
    private void checkUniqueKey(Connection c, TableId target, List<String> keys) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY COLUMN_NAME"
                + " SEPARATOR ',') FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND NON_UNIQUE = 0 GROUP BY INDEX_NAME")) {
            s.setString(1, target.namespace());
            s.setString(2, target.name());
            String wanted = String.join(",", keys.stream().sorted().toList());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (wanted.equals(rs.getString(2))) {
                        return;
                    }
                }
            }
        }
        throw new ConnectorException(ConnectorException.Kind.INCOMPATIBLE_SCHEMA, "Cannot upsert into table " + target
                + " on " + settings.address() + ": it has no primary key or unique index on exactly (" + String.join(", ", keys) + ")");
    }
}
