package io.zhongtai.spi.connector;

import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/**
 * Entry point of a connector, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.zhongtai.spi.connector.ConnectorFactory}).
 */
public interface ConnectorFactory {
    /** Lower-case, unique name used as a source's {@code --type}, e.g. {@code postgres}. */
    String name();

    /** One line for help texts. */
    String description();

    /** Every option the connector accepts; drives validation, help and forms. */
    List<OptionSpec> options();

    /**
     * Creates a connector on validated options (secrets decrypted). Must not connect yet: connecting happens
     * on first use, so creating is cheap and never fails on an unreachable source.
     */
    Connector create(ConnectorConfig config, ConnectorContext context);
}
