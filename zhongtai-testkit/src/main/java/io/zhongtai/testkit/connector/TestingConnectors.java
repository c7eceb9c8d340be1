package io.zhongtai.testkit.connector;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;

import java.nio.file.Path;
import java.util.Map;

/** Creates connectors for tests the way the platform does: options validated, a source name and a work directory. */
public final class TestingConnectors {
    private TestingConnectors() {
    }

    /** The context the platform gives a connector, as a value. */
    public record Context(String sourceName, Path workDir) implements ConnectorContext {
    }

    public static Connector create(ConnectorFactory factory, Map<String, String> options, String sourceName, Path workDir) {
        return factory.create(ConnectorConfig.validate(factory.name(), factory.options(), options), new Context(sourceName, workDir));
    }
}
