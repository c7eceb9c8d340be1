package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.JdbcOptions;
import io.zhongtai.connector.jdbc.cdc.CdcOptions;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;
import java.util.stream.Stream;

/** The {@code postgres} connector type. */
public final class PostgresConnectorFactory implements ConnectorFactory {
    public static final String NAME = "postgres";
    public static final String SCHEMA = "schema";
    public static final String COPY_FILE_BYTES = "copy-file-bytes";

    private static final List<OptionSpec> OPTIONS = JdbcOptions.with(5432, Stream.concat(Stream.of(
            OptionSpec.string(SCHEMA, "Schema of table names given without one").withDefault("public"),
            OptionSpec.longValue(COPY_FILE_BYTES, 64L << 20,
                    "Size in bytes at which a full read starts a new COPY output file (bounds disk use per split)")),
            CdcOptions.POSTGRES.stream()).toArray(OptionSpec[]::new));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PostgreSQL: browse, parallel full and incremental reads with COPY, change data capture (pgoutput), exports with COPY and upserts";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new PostgresConnector(config, context);
    }
}
