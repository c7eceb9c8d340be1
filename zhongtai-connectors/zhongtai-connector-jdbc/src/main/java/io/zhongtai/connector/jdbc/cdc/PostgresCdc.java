package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.postgres.PostgresConnectorFactory;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.TableId;
import org.apache.kafka.connect.data.Struct;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** PostgreSQL logical decoding with pgoutput through a replication slot and a publication of the captured tables. */
final class PostgresCdc implements CdcDialect {
    static final PostgresCdc INSTANCE = new PostgresCdc();

    private PostgresCdc() {
    }

    @Override
    public Map<String, String> debeziumProperties(CdcSource source, List<TableId> tables, boolean resuming, Path workDir) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.put("database.dbname", source.settings().database());
        p.put("database.sslmode", source.settings().sslMode());
        if (source.settings().sslRootCert() != null) {
            p.put("database.sslrootcert", source.settings().sslRootCert());
        }
        p.put("plugin.name", "pgoutput");
        p.put("slot.name", slotName(source));
        p.put("publication.name", CdcOptions.nameOption(source.options(), CdcOptions.PUBLICATION_NAME, source.context()));
        p.put("publication.autocreate.mode", "filtered");
        p.put("table.include.list", tables.stream().map(t -> Pattern.quote(t.namespace() + "." + t.name()))
                .collect(Collectors.joining(",")));
        // With a stored offset Debezium sees the snapshot as done and streams from the offset.
        p.put("snapshot.mode", resuming ? "initial" : CdcOptions.snapshot(source.options()));
        p.put("slot.drop.on.stop", "false");
        // The platform resumes from the oldest offset its tables stored; the slot only advances once every table's
        // changes up to its position are committed, so streaming continues from the slot when it is ahead.
        // (trust_greater_lsn would also move the slot back to an older offset, which the server refuses.)
        p.put("offset.mismatch.strategy", "trust_slot");
        p.put("status.update.interval.ms", "1000");
        p.put("hstore.handling.mode", "json");
        return p;
    }

    private static String slotName(CdcSource source) {
        return CdcOptions.nameOption(source.options(), CdcOptions.SLOT_NAME, source.context());
    }

    @Override
    public void checkPrerequisites(CdcSource source, boolean resuming) {
        String slot = slotName(source);
        try (Connection c = source.connections().open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW wal_level")) {
                rs.next();
                String level = rs.getString(1);
                if (!"logical".equals(level)) {
                    throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot start change data capture on "
                            + source.address() + ": the server's wal_level is '" + level + "', it must be 'logical'. "
                            + "Set wal_level=logical in postgresql.conf (ALTER SYSTEM SET wal_level = logical) and restart the server");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new ConnectorException(ConnectorException.Kind.AUTHENTICATION, "Cannot start change data capture on "
                            + source.address() + ": user '" + source.settings().user() + "' may not use replication; grant it with "
                            + "ALTER ROLE \"" + source.settings().user() + "\" REPLICATION");
                }
            }
            Boolean active = slotActive(c, slot);
            if (Boolean.TRUE.equals(active)) {
                throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot start change data capture on "
                        + source.address() + ": replication slot '" + slot + "' is in use by another process "
                        + "(another sync of this source?)");
            }
            if (resuming && active == null) {
                throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot resume change data capture on "
                        + source.address() + ": replication slot '" + slot + "' no longer exists, so changes since the "
                        + "stored position are lost; sync the tables again with --mode full before resuming CDC");
            }
            if (!resuming && active != null) {
                // A fresh snapshot needs a fresh slot: Debezium then reads the snapshot the slot exports, so
                // streaming starts exactly where the snapshot ends.
                try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    drop.setString(1, slot);
                    drop.execute();
                }
            }
        } catch (SQLException e) {
            throw CdcErrors.query(source, "check change data capture prerequisites", e);
        }
    }

    /** Whether the slot is active; null when it does not exist. */
    private static Boolean slotActive(Connection c, String slot) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    /** Tables with REPLICA IDENTITY FULL (the default identity logs only the primary key of deleted rows). */
    @Override
    public Set<TableId> fullDeleteImages(CdcSource source, Collection<TableId> tables) {
        Set<TableId> full = new HashSet<>();
        try (Connection c = source.connections().open();
                PreparedStatement s = c.prepareStatement("SELECT c.relreplident = 'f' FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            for (TableId table : tables) {
                s.setString(1, table.namespace());
                s.setString(2, table.name());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        full.add(table);
                    }
                }
            }
        } catch (SQLException e) {
            throw CdcErrors.query(source, "read the replica identity of " + tables, e);
        }
        return full;
    }

    @Override
    public TableId qualify(CdcSource source, TableId table) {
        return table.namespace().isEmpty() ? new TableId(source.options().getString(PostgresConnectorFactory.SCHEMA), table.name()) : table;
    }

    @Override
    public TableId tableOf(Struct source) {
        return new TableId(source.getString("schema"), source.getString("table"));
    }

    /**
     * Streaming offsets by the commit LSN Debezium had reached (the previous transaction's commit while inside a
     * transaction; transactions arrive in commit order), then the change's own LSN.
     */
    @Override
    public Comparator<ChangeOffset> streamOrder() {
        return Comparator.<ChangeOffset>comparingLong(o -> o.getLong("lsn_commit", -1))
                .thenComparingLong(o -> o.getLong("lsn", -1));
    }
}
