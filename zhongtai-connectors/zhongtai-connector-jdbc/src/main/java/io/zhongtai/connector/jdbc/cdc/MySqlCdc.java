package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.TableId;
import org.apache.kafka.connect.data.Struct;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MySQL and MariaDB: the binlog in ROW format with full row images, read as a replica by Debezium's MySQL or
 * MariaDB connector (whichever the server is).
 */
final class MySqlCdc implements CdcDialect {
    static final MySqlCdc INSTANCE = new MySqlCdc();
    private static final Pattern REPLICATION_GRANT = Pattern.compile(
            "ALL PRIVILEGES|REPLICATION (SLAVE|REPLICA)(?! ADMIN)", Pattern.CASE_INSENSITIVE);

    private MySqlCdc() {
    }

    @Override
    public Map<String, String> debeziumProperties(CdcSource source, List<TableId> tables, boolean resuming, Path workDir) {
        Map<String, String> p = new HashMap<>();
        boolean mariaDb = isMariaDb(source);
        p.put("connector.class", mariaDb ? "io.debezium.connector.mariadb.MariaDbConnector" : "io.debezium.connector.mysql.MySqlConnector");
        p.put("database.server.id", String.valueOf(serverId(source)));
        p.put("database.ssl.mode", mariaDb ? mariaDbSslMode(source) : switch (source.settings().sslMode()) {
            case "disable" -> "disabled";
            case "require" -> "required";
            case "verify-full" -> "verify_identity";
            default -> "preferred";
        });
        p.put("database.include.list", tables.stream().map(t -> Pattern.quote(t.namespace())).distinct()
                .collect(Collectors.joining(",")));
        p.put("table.include.list", tables.stream().map(t -> Pattern.quote(t.namespace() + "." + t.name()))
                .collect(Collectors.joining(",")));
        p.put("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
        p.put("schema.history.internal.file.filename", workDir.resolve("schema-history.dat").toString());
        p.put("schema.history.internal.store.only.captured.tables.ddl", "true");
        // The schema history lives in the stream's scratch directory: on resume Debezium rebuilds it from the
        // tables' current definitions, then streams from the offset.
        p.put("snapshot.mode", resuming ? "recovery" : CdcOptions.snapshot(source.options()));
        p.put("bigint.unsigned.handling.mode", "precise");
        p.put("include.query", "false");
        return p;
    }

    private static boolean isMariaDb(CdcSource source) {
        try (Connection c = source.connections().open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            return rs.next() && rs.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
        } catch (SQLException e) {
            throw CdcErrors.query(source, "read the server version", e);
        }
    }

    /** As the connector itself does: MariaDB Connector/J cannot fall back to plain text, so "prefer" means no TLS. */
    private static String mariaDbSslMode(CdcSource source) {
        return switch (source.settings().sslMode()) {
            case "require" -> "trust";
            case "verify-full" -> "verify-full";
            default -> "disable";
        };
    }

    private static long serverId(CdcSource source) {
        int configured = source.options().getInt(CdcOptions.SERVER_ID);
        return configured > 0 ? configured : 100_000 + Math.floorMod(source.context().sourceName().hashCode(), 1_000_000);
    }

    @Override
    public void checkPrerequisites(CdcSource source, boolean resuming) {
        try (Connection c = source.connections().open(); Statement s = c.createStatement()) {
            Map<String, String> vars = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format', 'binlog_row_image')")) {
                while (rs.next()) {
                    vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2).toUpperCase(Locale.ROOT));
                }
            }
            if (!"ON".equals(vars.get("log_bin"))) {
                throw prerequisite(source, "binary logging is off; start the server with --log-bin --binlog-format=ROW "
                        + "--binlog-row-image=FULL --server-id=<n>");
            }
            if (!"ROW".equals(vars.get("binlog_format"))) {
                throw prerequisite(source, "binlog_format is " + vars.get("binlog_format")
                        + ", it must be ROW (SET GLOBAL binlog_format = 'ROW', and in the server's configuration)");
            }
            if (vars.containsKey("binlog_row_image") && !"FULL".equals(vars.get("binlog_row_image"))) {
                throw prerequisite(source, "binlog_row_image is " + vars.get("binlog_row_image")
                        + ", it must be FULL (SET GLOBAL binlog_row_image = 'FULL', and in the server's configuration)");
            }
            StringBuilder grants = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
                while (rs.next()) {
                    grants.append(rs.getString(1)).append('\n');
                }
            }
            if (!REPLICATION_GRANT.matcher(grants).find()) {
                throw new ConnectorException(ConnectorException.Kind.AUTHENTICATION, "Cannot start change data capture on "
                        + source.address() + ": user '" + source.settings().user() + "' may not read the binlog; grant it with "
                        + "GRANT REPLICATION SLAVE, REPLICATION CLIENT, RELOAD, SELECT ON *.* TO '" + source.settings().user() + "'");
            }
        } catch (SQLException e) {
            throw CdcErrors.query(source, "check change data capture prerequisites", e);
        }
    }

    private static ConnectorException prerequisite(CdcSource source, String problem) {
        return new ConnectorException(ConnectorException.Kind.FAILED, "Cannot start change data capture on "
                + source.address() + ": " + problem);
    }

    /** Every table: binlog_row_image=FULL is a prerequisite. */
    @Override
    public Set<TableId> fullDeleteImages(CdcSource source, Collection<TableId> tables) {
        return Set.copyOf(tables);
    }

    @Override
    public TableId qualify(CdcSource source, TableId table) {
        return table.namespace().isEmpty() ? new TableId(source.settings().database(), table.name()) : table;
    }

    @Override
    public TableId tableOf(Struct source) {
        return new TableId(source.getString("db"), source.getString("table"));
    }

    /** Streaming offsets by binlog file number, position of the transaction, events and rows to skip in it. */
    @Override
    public Comparator<ChangeOffset> streamOrder() {
        return Comparator.<ChangeOffset>comparingLong(o -> fileNumber(o.getString("file")))
                .thenComparing(o -> String.valueOf(o.getString("file")))
                .thenComparingLong(o -> o.getLong("pos", -1))
                .thenComparingLong(o -> o.getLong("event", 0))
                .thenComparingLong(o -> o.getLong("row", 0));
    }

    private static long fileNumber(String file) {
        if (file == null) {
            return -1;
        }
        int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
