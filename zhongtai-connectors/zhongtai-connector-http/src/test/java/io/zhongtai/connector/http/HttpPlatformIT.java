package io.zhongtai.connector.http;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.session.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.zhongtai.connector.http.TestingHttpServer.Answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Syncs an endpoint into the lakehouse through the real platform; new fields arrive through schema drift. */
class HttpPlatformIT {
    @TempDir
    Path home;

    private final TestingHttpServer server = new TestingHttpServer();
    private PlatformFixture fixture;
    private Session session;
    private IntegrationService integration;

    @BeforeEach
    void open() {
        fixture = new PlatformFixture(home);
        session = fixture.session;
        integration = fixture.platform.integration();
    }

    @AfterEach
    void close() {
        fixture.close();
        server.close();
    }

    private SyncResult sync(String source) {
        return integration.sync(session, new SyncRequest(source, List.of(), true, "ods", SyncMode.FULL, Optional.empty(), 2, false, null),
                SyncListener.NONE, new AtomicBoolean());
    }

    @Test
    void pagesLandInOneTableAndNewFieldsAreAddedByTheNextSync() {
        AtomicReference<String> extra = new AtomicReference<>("");
        server.handle("/api/customers", r -> {
            int page = r.intParam("page", 1);
            if (page > 2) {
                return Answer.json("{\"data\":[]}");
            }
            StringBuilder b = new StringBuilder("{\"data\":[");
            for (int i = 1; i <= 3; i++) {
                int id = (page - 1) * 3 + i;
                b.append(i == 1 ? "" : ",").append("{\"id\":").append(id).append(",\"score\":").append(id).append(".5,\"vip\":")
                        .append(id % 2 == 0).append(",\"address\":{\"city\":\"C").append(id).append("\"}").append(extra.get()).append('}');
            }
            return Answer.json(b.append("]}").toString());
        });
        integration.addSource(session, "crm", "http", Map.of("url", server.url("/api/customers"), "records-path", "/data",
                "pagination", "page", "page-size", "3"), Map.of("token", "t0k3n"), "test API");

        assertThat(sync("crm").tables()).singleElement().satisfies(t -> {
            assertThat(t.targetTable()).isEqualTo("ods.crm_customers");
            assertThat(t.rows()).isEqualTo(6);
        });
        assertThat(fixture.rows("SELECT id, score, vip, address FROM ods.crm_customers ORDER BY id LIMIT 2").toString())
                .isEqualTo("[[1, 1.5, false, {\"city\":\"C1\"}], [2, 2.5, true, {\"city\":\"C2\"}]]");

        extra.set(",\"segment\":\"gold\"");
        sync("crm");
        assertThat(fixture.rows("SELECT count(*), min(segment) FROM ods.crm_customers").toString()).isEqualTo("[[6, gold]]");
        assertThat(server.requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer t0k3n"));
    }

    @Test
    void anEmptyEndpointSyncsNoRows() {
        server.handle("/api/empty", r -> Answer.json("[]"));
        integration.addSource(session, "none", "http", Map.of("url", server.url("/api/empty")), Map.of(), "");
        assertThat(sync("none").tables()).singleElement().satisfies(t -> assertThat(t.rows()).isZero());
    }

    @Test
    void malformedResponsesFailTheSyncNamingThePage() {
        server.handle("/api/broken", r -> r.intParam("page", 1) == 1 ? Answer.json("[{\"id\":1}]") : Answer.json("<html>oops</html>"));
        integration.addSource(session, "bad", "http", Map.of("url", server.url("/api/broken"), "pagination", "page"), Map.of(), "");
        assertThatThrownBy(() -> sync("bad"))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("Response to page 2 of " + server.url("/api/broken") + " is not JSON (line 1, column 1)");
    }
}
