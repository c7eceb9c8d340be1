package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.JdbcConnector;
import io.zhongtai.connector.jdbc.JdbcOptions;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What change data capture needs from a configured JDBC connector: its connection settings, the connector's own
 * {@code describe} (so change batches carry exactly the columns and types a full read has), a way to open a JDBC
 * connection for the pre-flight checks, and the configuration (with the {@link CdcOptions}).
 */
public record CdcSource(JdbcOptions.Settings settings, ConnectorContext context, Function<TableId, TableSchema> describe,
                        JdbcConnections connections, ConnectorConfig options) {
    public CdcSource {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        requireNonNull(describe, "describe is null");
        requireNonNull(connections, "connections is null");
        requireNonNull(options, "options is null");
    }

    public static CdcSource of(JdbcConnector connector, ConnectorConfig config) {
        return new CdcSource(connector.settings(), connector.context(), connector::describe, connector::openConnection, config);
    }

    /** {@code user@host:port/database}, for messages. */
    public String address() {
        return settings.address();
    }

    @FunctionalInterface
    public interface JdbcConnections {
        Connection open() throws SQLException;
    }
}
