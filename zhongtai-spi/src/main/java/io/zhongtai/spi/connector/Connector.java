package io.zhongtai.spi.connector;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A configured connection to one source. Optional capabilities throw {@link ConnectorException} of kind
 * UNSUPPORTED by default; {@link #capabilities()} says which are implemented. Implementations are used from
 * several threads (one reader per split) and must be thread-safe for that.
 */
public interface Connector extends AutoCloseable {
    String name();

    Set<Capability> capabilities();

    /**
     * Connects and checks credentials and access within {@code timeout}; throws {@link ConnectorException}
     * (UNREACHABLE, AUTHENTICATION, NOT_FOUND...) with a message naming what failed.
     */
    void testConnection(Duration timeout);

    default List<String> listNamespaces() {
        throw ConnectorException.unsupported(name(), Capability.BROWSE);
    }

    default List<TableId> listTables(String namespace) {
        throw ConnectorException.unsupported(name(), Capability.BROWSE);
    }

    /** Columns with types and the primary key; NOT_FOUND when the table does not exist. */
    default TableSchema describe(TableId table) {
        throw ConnectorException.unsupported(name(), Capability.BROWSE);
    }

    /** Splits for reading {@code table}; at most {@code maxSplits}, at least one. */
    default List<Split> planSplits(TableSchema table, ReadSpec spec, int maxSplits) {
        throw ConnectorException.unsupported(name(), Capability.BATCH_READ);
    }

    default BatchReader openReader(TableSchema table, Split split, ReadSpec spec) {
        throw ConnectorException.unsupported(name(), Capability.BATCH_READ);
    }

    /** The greatest value of {@code column} now, in text form; empty when the table is empty. */
    default Optional<String> maxCursorValue(TableSchema table, String column) {
        throw ConnectorException.unsupported(name(), Capability.INCREMENTAL);
    }

    /**
     * Opens {@code table} (a topic or queue) at {@code position} as stored with the last commit (empty: the
     * source's own committed position, or its start).
     */
    default MessageStream openStream(TableId table, Map<String, String> position) {
        throw ConnectorException.unsupported(name(), Capability.STREAM);
    }

    /** Starts change data capture of {@code tables}; {@code offset} empty means snapshot first. */
    default ChangeStream openChangeStream(List<TableId> tables, Optional<String> offset) {
        throw ConnectorException.unsupported(name(), Capability.CDC);
    }

    /**
     * Orders this connector's change offsets, so the platform can resume from the oldest offset its tables
     * committed (the same order as {@link ChangeStream#offsetOrder()}).
     */
    default java.util.Comparator<String> changeOffsetOrder() {
        throw ConnectorException.unsupported(name(), Capability.CDC);
    }

    /**
     * A file format the writer takes as {@link io.zhongtai.spi.data.FileBatch}es (the platform then writes the
     * file with its own engine); empty means {@link io.zhongtai.spi.data.ColumnBatch}es.
     */
    default Optional<FileFormat> writeFormat(TableId target) {
        return Optional.empty();
    }

    /**
     * Opens a writer into {@code target}, creating it from {@code columns} when it does not exist.
     * {@code keyColumns} is required for {@link WriteMode#UPSERT}.
     */
    default BatchWriter openWriter(TableId target, List<Column> columns, WriteMode mode, List<String> keyColumns) {
        throw ConnectorException.unsupported(name(), Capability.WRITE);
    }

    @Override
    void close();
}
