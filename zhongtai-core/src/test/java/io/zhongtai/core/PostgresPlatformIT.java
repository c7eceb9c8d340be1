package io.zhongtai.core;

import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.testkit.TestingPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform with its metadata (and the Iceberg catalog) in PostgreSQL started from embedded binaries. */
class PostgresPlatformIT {
    @TempDir
    Path home;

    @Test
    void catalogAndMetadataLiveInPostgres() throws Exception {
        try (TestingPostgres postgres = new TestingPostgres()) {
            String url = postgres.createDatabase();
            Files.writeString(home.resolve("zhongtai.yaml"), "metadata:\n  url: " + url + "\n  user: " + postgres.user() + "\n");
            PlatformHome platformHome = PlatformHome.resolve(home.toString(), Map.of());
            Session session = Session.of(Identity.localUser());
            try (Platform platform = Platform.open(platformHome, Map.of())) {
                run(platform, session, "CREATE TABLE dwd.orders (id BIGINT, amount DECIMAL(12,2)) PARTITIONED BY (bucket(4, id))");
                run(platform, session, "INSERT INTO dwd.orders SELECT range, range * 1.5 FROM range(1000)");
                run(platform, session, "UPDATE dwd.orders SET amount = 0 WHERE id < 10");
                platform.tokens().create("ci", Identity.system());
            }
            try (Platform platform = Platform.open(platformHome, Map.of())) {
                try (SqlResult r = platform.sessions().execute(session, "SELECT count(*), sum(amount) FROM dwd.orders")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.get(0)).isEqualTo(1000L);
                    assertThat(r.get(1).toString()).isEqualTo("749182.50");
                }
                assertThat(platform.sessions().history(session, new TableName("dwd", "orders"))).hasSize(2);
                assertThat(platform.tokens().list()).extracting(t -> t.name()).containsExactly("ci");
            }
            try (Connection c = DriverManager.getConnection(url, postgres.user(), "");
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT table_namespace, table_name FROM iceberg_tables ORDER BY 1, 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2))).containsExactly("dwd", "orders");
            }
        }
    }

    private static void run(Platform platform, Session session, String sql) {
        try (SqlResult r = platform.sessions().execute(session, sql)) {
            r.summary();
        }
    }
}
