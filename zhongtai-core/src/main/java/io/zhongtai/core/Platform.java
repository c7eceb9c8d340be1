package io.zhongtai.core;

import io.zhongtai.core.auth.TokenService;
import io.zhongtai.core.config.ConfigLoader;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.core.integration.ExportEngine;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SecretBox;
import io.zhongtai.core.integration.SourceRegistry;
import io.zhongtai.core.integration.SyncEngine;
import io.zhongtai.core.integration.SyncHistory;
import io.zhongtai.core.integration.SyncJobs;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableMaintenance;
import io.zhongtai.core.lakehouse.Warehouse;
import io.zhongtai.core.load.FileLoader;
import io.zhongtai.core.metadata.AuditLog;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.core.session.SessionService;
import io.zhongtai.core.sql.SqlEngine;
import io.zhongtai.spi.connector.ConnectorRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One running platform on a home directory: configuration, metadata store (with the Iceberg
 * catalog), lakehouse, tokens and the session gate. Open it once per process.
 */
public final class Platform implements AutoCloseable {
    private final PlatformHome home;
    private final ZhongtaiConfig config;
    private final MetadataStore metadata;
    private final Lakehouse lakehouse;
    private final TokenService tokens;
    private final AuditLog audit;
    private final SessionService sessions;
    private final DuckDb duckDb;
    private final IntegrationService integration;
    private final SecretBox secrets;

    private Platform(PlatformHome home, ZhongtaiConfig config, MetadataStore metadata, Lakehouse lakehouse, Map<String, String> env) {
        this.home = home;
        this.config = config;
        this.metadata = metadata;
        this.lakehouse = lakehouse;
        this.tokens = new TokenService(metadata);
        this.audit = new AuditLog(metadata);
        ZhongtaiConfig.Engine engine = config.engine();
        this.duckDb = new DuckDb(engine.memoryLimitBytes().isPresent() ? (engine.memoryLimitBytes().getAsLong() >> 20) + "MiB" : null,
                engine.threads(), lakehouse.warehouse().localDirectories());
        long fileSize = engine.targetFileSizeBytes();
        this.sessions = new SessionService(lakehouse, new SqlEngine(lakehouse, duckDb, fileSize),
                new TableMaintenance(lakehouse, duckDb, fileSize), new FileLoader(lakehouse, duckDb, fileSize), audit);
        this.secrets = SecretBox.open(env, masterKeyFile(home));
        SourceRegistry sources = new SourceRegistry(metadata, ConnectorRegistry.load(Platform.class.getClassLoader()),
                secrets, home.dir().resolve("tmp"), Clock.systemUTC());
        SyncHistory history = new SyncHistory(metadata, Clock.systemUTC());
        SyncEngine syncEngine = new SyncEngine(sources, lakehouse, duckDb, history, fileSize);
        this.integration = new IntegrationService(sources, syncEngine, new SyncJobs(syncEngine, metadata, Clock.systemUTC()),
                new ExportEngine(sources, sessions, duckDb), history, audit);
    }

    /** Opens (and on first use initialises) the platform in {@code home}; {@code env} supplies secrets named in the config. */
    public static Platform open(PlatformHome home, Map<String, String> env) {
        DuckDb.preload();
        home.initialize();
        ZhongtaiConfig config = ConfigLoader.load(home, env);
        Warehouse warehouse = warehouse(home, config.warehouse(), env);
        MetadataStore metadata = MetadataStore.open(config.metadata(), env);
        try {
            Lakehouse lakehouse = Lakehouse.open(metadata.jdbcUrl(), metadata.jdbcProperties(), warehouse);
            return new Platform(home, config, metadata, lakehouse, env);
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
    }

    /**
     * The warehouse of the configuration. An S3 warehouse keeps its read cache and write staging
     * area in {@code <home>/cache}: DuckDB reaches only local files.
     */
    static Warehouse warehouse(PlatformHome home, ZhongtaiConfig.Warehouse config, Map<String, String> env) {
        if (config instanceof ZhongtaiConfig.LocalWarehouse local) {
            return Warehouse.local(local.path());
        }
        ZhongtaiConfig.S3Warehouse s3 = (ZhongtaiConfig.S3Warehouse) config;
        Map<String, String> io = new HashMap<>();
        s3.endpoint().ifPresent(e -> io.put("s3.endpoint", e.toString()));
        io.put("s3.path-style-access", String.valueOf(s3.pathStyle()));
        io.put("client.region", s3.region());
        // Plain signed uploads: S3-compatible stores differ in their support of aws-chunked uploads with trailing checksums.
        io.put("s3.chunked-encoding-enabled", "false");
        io.put("s3.access-key-id", env.getOrDefault(s3.accessKeyEnv(), ""));
        io.put("s3.secret-access-key", env.getOrDefault(s3.secretKeyEnv(), ""));
        return Warehouse.s3(s3.bucket(), s3.prefix(), io, home.dir().resolve("cache"));
    }

    public PlatformHome home() {
        return home;
    }

    public ZhongtaiConfig config() {
        return config;
    }

    public MetadataStore metadata() {
        return metadata;
    }

    public Lakehouse lakehouse() {
        return lakehouse;
    }

    public TokenService tokens() {
        return tokens;
    }

    public AuditLog audit() {
        return audit;
    }

    /** The one gate to data. */
    public SessionService sessions() {
        return sessions;
    }

    /** Encrypts the secrets the platform stores (source passwords, backup passphrases) with its master key. */
    public SecretBox secrets() {
        return secrets;
    }

    /** Where the master key lives unless {@value SecretBox#ENV_VAR} is set: {@code <home>/secrets/master.key}. */
    public static Path masterKeyFile(PlatformHome home) {
        return home.dir().resolve("secrets").resolve("master.key");
    }

    /** Sources, sync and export: the gate for integration work. */
    public IntegrationService integration() {
        return integration;
    }

    @Override
    public void close() {
        integration.close();
        try {
            duckDb.close();
            lakehouse.close();
        } catch (java.io.IOException ignored) {
            // the catalog holds no unsaved state
        } finally {
            metadata.close();
        }
    }
}
