package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.connector.jdbc.JdbcOptions;
import io.zhongtai.connector.jdbc.cdc.CdcOptions;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/** The {@code mysql} connector type, for MySQL and MariaDB. */
public final class MySqlConnectorFactory implements ConnectorFactory {
    public static final String NAME = "mysql";

    private static final List<OptionSpec> OPTIONS = JdbcOptions.with(3306, CdcOptions.MYSQL.toArray(OptionSpec[]::new));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MySQL and MariaDB: browse, parallel full and incremental reads, change data capture (binlog), exports with batched inserts and upserts";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new MySqlConnector(config, context);
    }
}
