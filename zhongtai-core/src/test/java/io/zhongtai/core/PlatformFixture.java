package io.zhongtai.core;

import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.session.SessionService;
import io.zhongtai.core.sql.SqlResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real platform on a temporary home, with helpers to run SQL in tests. */
public final class PlatformFixture implements AutoCloseable {
    public final Platform platform;
    public final Session session = Session.of(Identity.localUser());

    public PlatformFixture(Path home) {
        this(Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of()));
    }

    /** Wraps an open platform (for example one opened with a zhongtai.yaml and environment); closing closes it. */
    public PlatformFixture(Platform platform) {
        this.platform = platform;
    }

    public SessionService sessions() {
        return platform.sessions();
    }

    public List<List<Object>> rows(String sql) {
        try (SqlResult r = platform.sessions().execute(session, sql)) {
            return r.remainingRows();
        }
    }

    public String run(String sql) {
        try (SqlResult r = platform.sessions().execute(session, sql)) {
            return r.summary();
        }
    }

    public long count(String table) {
        return (Long) rows("SELECT count(*) FROM " + table).get(0).get(0);
    }

    @Override
    public void close() {
        platform.close();
    }
}
