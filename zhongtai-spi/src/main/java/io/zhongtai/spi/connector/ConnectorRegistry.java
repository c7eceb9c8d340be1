package io.zhongtai.spi.connector;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connectors on the class path, by name. Fails loudly on two connectors with one name. */
public final class ConnectorRegistry {
    private final Map<String, ConnectorFactory> factories;

    private ConnectorRegistry(Map<String, ConnectorFactory> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    public static ConnectorRegistry load(ClassLoader classLoader) {
        Map<String, ConnectorFactory> found = new TreeMap<>();
        for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class, classLoader)) {
            register(found, factory);
        }
        return new ConnectorRegistry(found);
    }

    public static ConnectorRegistry of(ConnectorFactory... factories) {
        Map<String, ConnectorFactory> found = new TreeMap<>();
        for (ConnectorFactory factory : factories) {
            register(found, factory);
        }
        return new ConnectorRegistry(found);
    }

    private static void register(Map<String, ConnectorFactory> found, ConnectorFactory factory) {
        String name = factory.name();
        if (!name.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalStateException("Connector name must be lower-case letters, digits, '_' or '-': " + name
                    + " (" + factory.getClass().getName() + ")");
        }
        ConnectorFactory previous = found.put(name, factory);
        if (previous != null) {
            throw new IllegalStateException("Two connectors are named '" + name + "': " + previous.getClass().getName()
                    + " and " + factory.getClass().getName());
        }
    }

    /** The factory named {@code name}; the error lists the known names. */
    public ConnectorFactory get(String name) {
        ConnectorFactory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown connector type '" + name + "'; known types: "
                    + String.join(", ", factories.keySet()));
        }
        return factory;
    }

    public Collection<ConnectorFactory> all() {
        return factories.values();
    }
}
