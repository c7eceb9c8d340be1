package io.zhongtai.core.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.ConnectorRegistry;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionProblem;
import io.zhongtai.spi.options.OptionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The registered sources: their connector type and options, with secret options encrypted by {@link SecretBox}.
 * Secrets are only ever decrypted to hand them to a connector; every listing shows them masked.
 */
public final class SourceRegistry {
    /** Source names become part of lakehouse table names ({@code ods.<source>_<table>}). */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final MetadataStore store;
    private final ConnectorRegistry connectors;
    private final SecretBox secrets;
    private final Path workRoot;
    private final Clock clock;

    public SourceRegistry(MetadataStore store, ConnectorRegistry connectors, SecretBox secrets, Path workRoot, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.connectors = requireNonNull(connectors, "connectors is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.workRoot = requireNonNull(workRoot, "workRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ConnectorRegistry connectors() {
        return connectors;
    }

    /**
     * Registers a source. {@code options} holds plain options, {@code secretOptions} the secret ones (e.g. a
     * password); a secret given as a plain option is refused so it never lands in shell history or logs.
     */
    public SourceInfo add(String name, String type, Map<String, String> options, Map<String, String> secretOptions,
                          String description, Identity createdBy) {
        requireNonNull(createdBy, "createdBy is null");
        if (name == null || !NAME.matcher(name).matches()) {
            throw ZhongtaiException.invalid("Cannot add source, name must be 1 to 63 lower-case letters, digits or '_', "
                    + "starting with a letter: %s", name);
        }
        ConnectorFactory factory = factory(type);
        validate(name, factory, options, secretOptions);
        long now = clock.millis();
        Map<String, String> sealed = new TreeMap<>();
        secretOptions.forEach((k, v) -> sealed.put(k, secrets.encrypt(v, purpose(name, k))));
        store.inTransaction(connection -> {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM zt_source WHERE name = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        throw ZhongtaiException.conflict("Cannot add source, name already exists: %s", name);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO zt_source "
                    + "(name, type, options, secrets, description, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, factory.name());
                insert.setString(3, json(new TreeMap<>(options)));
                insert.setString(4, json(sealed));
                insert.setString(5, description);
                insert.setLong(6, now);
                insert.setString(7, createdBy.principal());
                insert.setLong(8, now);
                return insert.executeUpdate();
            }
        });
        return get(name);
    }

    private void validate(String name, ConnectorFactory factory, Map<String, String> options, Map<String, String> secretOptions) {
        List<OptionProblem> problems = new ArrayList<>();
        for (OptionSpec spec : factory.options()) {
            if (spec.secret() && options.containsKey(spec.name())) {
                problems.add(new OptionProblem(spec.name(), "is secret: pass it with --secret " + spec.name()
                        + "=ENV_VAR (REST: in \"secrets\") so it is stored encrypted and never shown"));
            }
        }
        for (String key : secretOptions.keySet()) {
            factory.options().stream().filter(o -> o.name().equals(key)).findFirst()
                    .filter(o -> !o.secret())
                    .ifPresent(o -> problems.add(new OptionProblem(key, "is not secret: pass it with --set")));
        }
        if (!problems.isEmpty()) {
            throw ConnectorErrors.translate(name, new io.zhongtai.spi.options.InvalidOptionsException(factory.name(), problems));
        }
        Map<String, String> merged = new LinkedHashMap<>(options);
        merged.putAll(secretOptions);
        Path workDir = newWorkDir(name);
        try {
            // Creating the connector does not connect, but checks what options cannot check alone (e.g. a
            // column list's syntax), so such mistakes surface now rather than at the first sync.
            ConnectorConfig config = ConnectorConfig.validate(factory.name(), factory.options(), merged);
            factory.create(config, new Context(name, workDir)).close();
        } catch (RuntimeException e) {
            throw ConnectorErrors.translate(name, e);
        } finally {
            io.zhongtai.core.lakehouse.TableWriter.deleteQuietly(workDir);
        }
    }

    private Path newWorkDir(String name) {
        try {
            Files.createDirectories(workRoot);
            return Files.createTempDirectory(workRoot, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory under " + workRoot + ": " + e.getMessage(), e);
        }
    }

    /** What a connector of source {@code sourceName} is given. */
    private record Context(String sourceName, Path workDir) implements ConnectorContext {
    }

    private ConnectorFactory factory(String type) {
        try {
            return connectors.get(requireNonNull(type, "type is null"));
        } catch (IllegalArgumentException e) {
            throw ZhongtaiException.invalid("%s", e.getMessage());
        }
    }

    public List<SourceInfo> list() {
        return store.withConnection(connection -> {
            List<SourceInfo> out = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM zt_source ORDER BY name");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(info(Stored.from(rs)));
                }
            }
            return out;
        });
    }

    public SourceInfo get(String name) {
        return info(stored(name));
    }

    public void remove(String name) {
        stored(name);
        store.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM zt_sync_state WHERE source = ?")) {
                delete.setString(1, name);
                delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM zt_source WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * A connector for the source, with secrets decrypted, and a private scratch directory removed on close.
     * The caller closes it.
     */
    public OpenSource open(String name) {
        Stored stored = stored(name);
        ConnectorFactory factory = factory(stored.type);
        Map<String, String> merged = new LinkedHashMap<>(stored.options);
        stored.secrets.forEach((k, v) -> merged.put(k, secrets.decrypt(v, purpose(name, k))));
        Path workDir = newWorkDir(name);
        try {
            ConnectorConfig config = ConnectorConfig.validate(factory.name(), factory.options(), merged);
            Connector connector = factory.create(config, new Context(name, workDir));
            return new OpenSource(name, factory.name(), connector, workDir);
        } catch (RuntimeException e) {
            io.zhongtai.core.lakehouse.TableWriter.deleteQuietly(workDir);
            throw ConnectorErrors.translate(name, e);
        }
    }

    private Stored stored(String name) {
        return store.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM zt_source WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw ZhongtaiException.notFound("Source does not exist: %s", name);
                    }
                    return Stored.from(rs);
                }
            }
        });
    }

    private SourceInfo info(Stored s) {
        Map<String, String> shown = new TreeMap<>(s.options);
        s.secrets.keySet().forEach(k -> shown.put(k, ConnectorConfig.MASK));
        return new SourceInfo(s.name, s.type, s.description, shown, Instant.ofEpochMilli(s.createdAt), s.createdBy,
                Instant.ofEpochMilli(s.updatedAt));
    }

    /** Associated data binding a ciphertext to its source and option. */
    private static String purpose(String source, String option) {
        return "source:" + source + ":" + option;
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(String name, String type, Map<String, String> options, Map<String, String> secrets,
                          String description, long createdAt, String createdBy, long updatedAt) {
        static Stored from(ResultSet rs) throws java.sql.SQLException {
            try {
                return new Stored(rs.getString("name"), rs.getString("type"), JSON.readValue(rs.getString("options"), STRING_MAP),
                        JSON.readValue(rs.getString("secrets"), STRING_MAP), rs.getString("description"),
                        rs.getLong("created_at"), rs.getString("created_by"), rs.getLong("updated_at"));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Corrupt source row " + rs.getString("name") + ": " + e.getMessage(), e);
            }
        }
    }

    /** An opened source: use {@link #connector()}, then close to release the connection and scratch files. */
    public record OpenSource(String name, String type, Connector connector, Path workDir) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connector.close();
            } finally {
                io.zhongtai.core.lakehouse.TableWriter.deleteQuietly(workDir);
            }
        }

        /** Runs {@code call}, turning connector failures into platform errors that name the source. */
        public <T> T call(java.util.function.Function<Connector, T> call) {
            try {
                return call.apply(connector);
            } catch (RuntimeException e) {
                throw ConnectorErrors.translate(name, e);
            }
        }
    }
}
