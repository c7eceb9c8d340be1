package io.zhongtai.core;

import io.zhongtai.core.auth.TokenService;
import io.zhongtai.core.config.ConfigLoader;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableMaintenance;
import io.zhongtai.core.load.FileLoader;
import io.zhongtai.core.metadata.AuditLog;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.core.session.SessionService;
import io.zhongtai.core.sql.SqlEngine;

import java.nio.file.Path;
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

    private Platform(PlatformHome home, ZhongtaiConfig config, MetadataStore metadata, Lakehouse lakehouse) {
        this.home = home;
        this.config = config;
        this.metadata = metadata;
        this.lakehouse = lakehouse;
        this.tokens = new TokenService(metadata);
        this.audit = new AuditLog(metadata);
        ZhongtaiConfig.Engine engine = config.engine();
        this.duckDb = new DuckDb(engine.memoryLimitBytes().isPresent() ? (engine.memoryLimitBytes().getAsLong() >> 20) + "MiB" : null,
                engine.threads(), lakehouse.warehouseDir());
        long fileSize = engine.targetFileSizeBytes();
        this.sessions = new SessionService(lakehouse, new SqlEngine(lakehouse, duckDb, fileSize),
                new TableMaintenance(lakehouse, duckDb, fileSize), new FileLoader(lakehouse, duckDb, fileSize), audit);
    }

    /** Opens (and on first use initialises) the platform in {@code home}; {@code env} supplies secrets named in the config. */
    public static Platform open(PlatformHome home, Map<String, String> env) {
        DuckDb.preload();
        home.initialize();
        ZhongtaiConfig config = ConfigLoader.load(home, env);
        if (!(config.warehouse() instanceof ZhongtaiConfig.LocalWarehouse local)) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT,
                    "warehouse.type s3 is validated but not supported by the query engine yet: the embedded DuckDB has no "
                            + "S3 access offline; use a local (or mounted) warehouse path", null, null);
        }
        Path warehouse = local.path();
        MetadataStore metadata = MetadataStore.open(config.metadata(), env);
        try {
            Lakehouse lakehouse = Lakehouse.open(metadata.jdbcUrl(), metadata.jdbcProperties(), warehouse);
            return new Platform(home, config, metadata, lakehouse);
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
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

    @Override
    public void close() {
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
