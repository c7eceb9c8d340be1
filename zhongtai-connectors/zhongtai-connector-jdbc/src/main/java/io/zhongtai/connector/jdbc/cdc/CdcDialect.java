package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.data.TableId;
import org.apache.kafka.connect.data.Struct;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The database-specific half of change data capture: Debezium settings, pre-flight checks, offset order. */
interface CdcDialect {
    /**
     * Debezium connector properties for capturing {@code tables} (connector class, database and TLS, include lists,
     * slot/server id, snapshot mode; the stream sets host, port and credentials); {@code resuming} is true when
     * streaming resumes from a stored offset; {@code workDir} is this stream's scratch directory.
     */
    Map<String, String> debeziumProperties(CdcSource source, List<TableId> tables, boolean resuming, Path workDir);

    /**
     * Checks what Debezium would otherwise fail on later and less clearly (log level, privileges) and throws
     * a {@link io.zhongtai.spi.connector.ConnectorException} that says what to change. When not resuming,
     * also discards state a fresh snapshot must not start from (PostgreSQL: the old replication slot).
     */
    void checkPrerequisites(CdcSource source, boolean resuming);

    /**
     * The tables whose deletes carry the whole old row; the others' carry only the key (their other columns hold
     * Debezium's placeholders and are left null).
     */
    Set<TableId> fullDeleteImages(CdcSource source, Collection<TableId> tables);

    /** {@code table} with the connector's default namespace when it has none (as change events name it). */
    TableId qualify(CdcSource source, TableId table);

    /** The table a change event's {@code source} block names. */
    TableId tableOf(Struct source);

    /** Orders streaming (not snapshot) offsets of one epoch by their position in the change log. */
    Comparator<ChangeOffset> streamOrder();

    /** The full order of this dialect's offsets (see {@link ChangeOffset#order}). */
    default Comparator<ChangeOffset> order() {
        return ChangeOffset.order(streamOrder());
    }
}
