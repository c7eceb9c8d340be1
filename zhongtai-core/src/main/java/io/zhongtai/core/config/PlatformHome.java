package io.zhongtai.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The directory that holds one platform instance: its configuration, the default SQLite
 * metadata database and the default local warehouse.
 */
public final class PlatformHome {
    public static final String ENV_VAR = "ZHONGTAI_HOME";
    public static final String CONFIG_FILE_NAME = "zhongtai.yaml";

    // Every key is written out with its default so the file documents itself; the
    // alternatives are commented out. ConfigLoaderTest checks that it loads to the defaults.
    private static final String DEFAULT_CONFIG = """
            # Zhongtai configuration. ${home} expands to the directory holding this file.
            # Every key is optional; the values shown are the defaults.

            metadata:
              # Platform metadata and the Iceberg catalog. A SQLite file by default; in production:
              #   url: jdbc:postgresql://db.example.com:5432/zhongtai
              #   user: zhongtai
              #   password-env: ZT_METADATA_PASSWORD   # name of the env var holding the password
              url: jdbc:sqlite:${home}/metadata.db
              pool-size: 4

            warehouse:
              # Where table data lives: local (a directory) or s3 (S3 or an S3-compatible store).
              type: local
              path: ${home}/warehouse
              # For s3, replace the two lines above with:
              # type: s3
              # s3:
              #   bucket: my-bucket                     # required
              #   prefix: zhongtai
              #   endpoint: http://127.0.0.1:9000       # only for S3-compatible stores
              #   region: us-east-1
              #   path-style: true
              #   access-key-env: AWS_ACCESS_KEY_ID     # names of env vars, never the keys
              #   secret-key-env: AWS_SECRET_ACCESS_KEY

            server:
              bind: 127.0.0.1
              port: 7070

            engine:
              # memory-limit: 4GB    # DuckDB's own default when absent
              threads: 0             # 0 = all cores
              target-file-size: 128MiB
            # alerts:                # failed pipeline runs and SLA misses by email (webhooks are set per pipeline)
            #   smtp: {host: mail.example.com, port: 587, from: zhongtai@example.com, user: zhongtai, password-env: SMTP_PASSWORD, starttls: true}
            # lineage:               # pipeline runs as OpenLineage events, e.g. to Marquez
            #   openlineage-url: http://localhost:5000/api/v1/lineage
            """;

    private final Path dir;

    private PlatformHome(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Picks the home directory: an explicit {@code --home} value wins, then {@code ZHONGTAI_HOME},
     * then {@code ~/.zhongtai}. Blank values count as absent.
     */
    public static PlatformHome resolve(String explicitOrNull, Map<String, String> env) {
        requireNonNull(env, "env is null");
        if (explicitOrNull != null && !explicitOrNull.isBlank()) {
            return new PlatformHome(Path.of(explicitOrNull));
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new PlatformHome(Path.of(fromEnv));
        }
        return new PlatformHome(Path.of(System.getProperty("user.home"), ".zhongtai"));
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve(CONFIG_FILE_NAME);
    }

    /** The default warehouse location; {@code warehouse.path} may point elsewhere. */
    public Path warehouseDir() {
        return dir.resolve("warehouse");
    }

    /** The default SQLite metadata database; {@code metadata.url} may point elsewhere. */
    public Path metadataDbFile() {
        return dir.resolve("metadata.db");
    }

    /**
     * Creates the directory and a commented default configuration file. An existing
     * configuration file is left untouched.
     *
     * @return true if the configuration file was written
     */
    public boolean initialize() {
        try {
            Files.createDirectories(dir);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create platform home " + dir + ": " + e, e);
        }
        try {
            // CREATE_NEW rather than exists()+write: two processes initializing at once cannot clobber.
            Files.writeString(configFile(), DEFAULT_CONFIG, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            return true;
        }
        catch (FileAlreadyExistsException e) {
            return false;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write default configuration " + configFile() + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
