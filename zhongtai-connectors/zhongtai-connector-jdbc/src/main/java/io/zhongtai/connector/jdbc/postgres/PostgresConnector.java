package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.JdbcConnector;
import io.zhongtai.connector.jdbc.cdc.JdbcCdc;
import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/** PostgreSQL: catalog queries, the type mapping, COPY TO for reads and COPY FROM for exports. */
public class PostgresConnector extends JdbcConnector {
    private static final String SESSION = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601';"
            + " SET extra_float_digits = 1; SET bytea_output = 'hex'; SET standard_conforming_strings = on";

    private final String schema;
    private final long copyFileBytes;

    public PostgresConnector(ConnectorConfig config, ConnectorContext context) {
        super(PostgresConnectorFactory.NAME, "postgresql", SESSION, JdbcCdc.POSTGRES, config, context);
        this.schema = config.getString(PostgresConnectorFactory.SCHEMA);
        this.copyFileBytes = config.getLong(PostgresConnectorFactory.COPY_FILE_BYTES);
    }

    @Override
    protected Properties driverProperties(Duration connectTimeout) {
        Properties p = new Properties();
        String seconds = String.valueOf(Math.max(1, connectTimeout.toSeconds()));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        p.setProperty("sslmode", settings.sslMode());
        if (settings.sslRootCert() != null) {
            p.setProperty("sslrootcert", settings.sslRootCert());
        }
        p.setProperty("ApplicationName", "zhongtai");
        return p;
    }

    @Override
    protected ConnectorException.Kind classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "28P01", "28000" -> ConnectorException.Kind.AUTHENTICATION;
            case "3D000", "3F000", "42P01" -> ConnectorException.Kind.NOT_FOUND;
            default -> null;
        };
    }

    /** Adds where the server failed (e.g. "COPY t, line 3, column amount"), which names the row and column. */
    @Override
    protected String errorText(SQLException e) {
        String text = super.errorText(e);
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getWhere() != null) {
                text += " (" + server.getWhere().lines().findFirst().orElse("") + ")";
            }
        }
        return text;
    }

    @Override
    protected String defaultNamespace() {
        return schema;
    }

    @Override
    protected void checkDefaultNamespace(Connection connection) throws SQLException {
        if (listNamespaces(connection).stream().noneMatch(schema::equals)) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "Schema " + schema + " does not exist in "
                    + settings.address() + " (or " + settings.user() + " may not use it)");
        }
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    protected String typedLiteral(String text, Column column) {
        return "CAST(" + literal(text) + " AS " + column.sourceType() + ")";
    }

    @Override
    protected String selectExpression(Column column) {
        return PostgresTypes.selectExpression(column, quote(column.name()));
    }

    @Override
    public List<String> listNamespaces() {
        return withConnection("list schemas", this::listNamespaces);
    }

    private List<String> listNamespaces(Connection c) throws SQLException {
        return strings(c, "SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'"
                + " AND has_schema_privilege(oid, 'USAGE') ORDER BY nspname");
    }

    @Override
    public List<TableId> listTables(String namespace) {
        String ns = namespace == null || namespace.isEmpty() ? schema : namespace;
        return withConnection("list tables of schema " + ns, c -> strings(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                + " AND NOT c.relispartition ORDER BY c.relname", ns).stream().map(t -> new TableId(ns, t)).toList());
    }

    @Override
    protected TableSchema describe(Connection c, TableId table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        long oid = -1;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT c.oid, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, a.attnotnull,
                       et.typname, format_type(et.oid, a.atttypmod)
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
                WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            s.setString(1, table.namespace());
            s.setString(2, table.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    oid = rs.getLong(1);
                    String sourceType = rs.getString(3);
                    columns.add(new Column(rs.getString(2), PostgresTypes.toPlatform(rs.getString(4), sourceType,
                            rs.getString(6), rs.getString(7)), sourceType, !rs.getBoolean(5)));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ? AND i.indisprimary"
                + " ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    primaryKey.add(rs.getString(1));
                }
            }
        }
        return new TableSchema(table, columns, primaryKey);
    }

    @Override
    protected long estimateRows(Connection c, TableId table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            s.setString(1, qualified(table));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Math.max(-1, rs.getLong(1)) : -1;
            }
        }
    }

    /** Reads the split with COPY TO STDOUT into CSV files of about {@code copy-file-bytes} each. */
    @Override
    public BatchReader openReader(TableSchema table, Split split, ReadSpec spec) {
        requireNonNull(table, "table is null");
        requireNonNull(split, "split is null");
        String copy = "COPY (" + selectSql(table, split, spec) + ") TO STDOUT (FORMAT csv, NULL '\\N')";
        try {
            return new PostgresCopyReader(this, openConnection(), copy, table.table(), projection(table, spec),
                    context.workDir(), copyFileBytes);
        }
        catch (SQLException e) {
            throw failure("read table " + table.table(), e);
        }
    }

    @Override
    protected String sqlType(Column column, boolean key) {
        return PostgresTypes.toSql(column.type());
    }

    /** TRUNCATE is transactional in PostgreSQL (rolled back with the export); readers of the table wait for the export. */
    @Override
    protected String clearTableSql(TableId table) {
        return "TRUNCATE TABLE " + qualified(table);
    }

    @Override
    protected BatchWriter newWriter(Connection c, TableId target, List<Column> columns, WriteMode mode, List<String> keys)
            throws SQLException {
        return new PostgresCopyWriter(this, c, target, columns, mode, keys);
    }
}
