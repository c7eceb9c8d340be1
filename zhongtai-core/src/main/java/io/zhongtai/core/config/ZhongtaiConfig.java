package io.zhongtai.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The validated contents of {@code zhongtai.yaml}, with defaults filled in and {@code ${home}}
 * expanded. Secrets are never held here, only the names of the environment variables holding them.
 * Load it with {@link ConfigLoader#load}.
 */
public record ZhongtaiConfig(Metadata metadata, Warehouse warehouse, Server server, Engine engine, Alerts alerts, Lineage lineage) {
    public ZhongtaiConfig {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(server, "server is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(alerts, "alerts is null");
        requireNonNull(lineage, "lineage is null");
    }

    /**
     * Where pipeline runs report their lineage as OpenLineage events (e.g. Marquez's {@code /api/v1/lineage}); empty
     * for nowhere. {@code namespace} names this platform's datasets and jobs there.
     */
    public record Lineage(Optional<java.net.URI> openLineageUrl, String namespace) {
        public static final Lineage NONE = new Lineage(Optional.empty(), "zhongtai");

        public Lineage {
            requireNonNull(openLineageUrl, "openLineageUrl is null");
            requireNonNull(namespace, "namespace is null");
        }
    }

    /** How alerts (failed pipeline runs, SLA misses) are sent by email; empty without an {@code alerts.smtp} section. */
    public record Alerts(Optional<Smtp> smtp) {
        public static final Alerts NONE = new Alerts(Optional.empty());
    }

    /**
     * An SMTP server for alert emails.
     *
     * @param starttls     upgrade the connection with STARTTLS (required when set)
     * @param passwordEnv  name of the environment variable holding the SMTP password
     */
    public record Smtp(String host, int port, String from, Optional<String> user, Optional<String> passwordEnv, boolean starttls) {
        public Smtp {
            requireNonNull(host, "host is null");
            requireNonNull(from, "from is null");
            requireNonNull(user, "user is null");
            requireNonNull(passwordEnv, "passwordEnv is null");
        }
    }

    /**
     * The metadata database.
     *
     * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
     * @param user PostgreSQL user
     * @param passwordEnv name of the environment variable holding the PostgreSQL password
     */
    public record Metadata(String url, Optional<String> user, Optional<String> passwordEnv, int poolSize) {
        public Metadata {
            requireNonNull(url, "url is null");
            requireNonNull(user, "user is null");
            requireNonNull(passwordEnv, "passwordEnv is null");
        }
    }

    /** Where table data lives: {@link LocalWarehouse} or {@link S3Warehouse}. */
    public sealed interface Warehouse permits LocalWarehouse, S3Warehouse {}

    public record LocalWarehouse(Path path) implements Warehouse {
        public LocalWarehouse {
            requireNonNull(path, "path is null");
        }
    }

    /**
     * An S3 bucket, or a bucket of an S3-compatible store when {@code endpoint} is set.
     *
     * @param prefix key prefix inside the bucket, without leading or trailing slashes
     * @param accessKeyEnv name of the environment variable holding the access key
     * @param secretKeyEnv name of the environment variable holding the secret key
     */
    public record S3Warehouse(String bucket, Optional<String> prefix, Optional<URI> endpoint, String region,
                              boolean pathStyle, String accessKeyEnv, String secretKeyEnv) implements Warehouse {
        public S3Warehouse {
            requireNonNull(bucket, "bucket is null");
            requireNonNull(prefix, "prefix is null");
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(region, "region is null");
            requireNonNull(accessKeyEnv, "accessKeyEnv is null");
            requireNonNull(secretKeyEnv, "secretKeyEnv is null");
        }
    }

    public record Server(String bind, int port) {
        public Server {
            requireNonNull(bind, "bind is null");
        }
    }

    /**
     * Settings for the embedded DuckDB engine.
     *
     * @param memoryLimitBytes DuckDB's memory limit; empty keeps DuckDB's default
     * @param threads worker threads, 0 for all cores
     * @param targetFileSizeBytes size at which written data files are rolled over
     */
    public record Engine(OptionalLong memoryLimitBytes, int threads, long targetFileSizeBytes) {
        public Engine {
            requireNonNull(memoryLimitBytes, "memoryLimitBytes is null");
        }
    }
}
