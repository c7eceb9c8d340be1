package io.zhongtai.core.integration;

import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/** A connector type as users see it: its name, one line about it, and every option it accepts. */
public record ConnectorType(String name, String description, List<OptionSpec> options) {
    public ConnectorType {
        options = List.copyOf(options);
    }

    static ConnectorType of(ConnectorFactory factory) {
        return new ConnectorType(factory.name(), factory.description(), factory.options());
    }
}
