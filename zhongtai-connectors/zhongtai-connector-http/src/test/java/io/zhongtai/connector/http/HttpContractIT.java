package io.zhongtai.connector.http;

import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.HashMap;
import java.util.Map;

/** The connector contract against a paginated endpoint that wants a bearer token. */
class HttpContractIT extends ConnectorContractTests {
    private static final String TOKEN = "s3cr3t-token";
    private static final int ROWS = 25;
    private static TestingHttpServer server;

    @BeforeAll
    static void start() {
        server = new TestingHttpServer().handle("/api/v1/orders", r -> {
            if (!("Bearer " + TOKEN).equals(r.authorization())) {
                return TestingHttpServer.Answer.status(401, "{\"error\":\"unauthorized\"}");
            }
            int page = r.intParam("page", 1);
            int size = r.intParam("size", 10);
            int from = (page - 1) * size + 1;
            int count = Math.max(0, Math.min(size, ROWS - from + 1));
            return TestingHttpServer.Answer.json("{\"data\":" + TestingHttpServer.records(from, count) + "}");
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new HttpConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        Map<String, String> options = new HashMap<>();
        options.put("url", server.url("/api/v1/orders"));
        options.put("token", TOKEN);
        options.put("records-path", "/data");
        options.put("pagination", "page");
        options.put("page-size", "10");
        return options;
    }

    @Override
    protected Map<String, String> unreachableOptions() {
        Map<String, String> options = validOptions();
        options.put("url", "http://127.0.0.1:1/api/v1/orders");
        return options;
    }

    @Override
    protected Map<String, String> wrongCredentialOptions() {
        Map<String, String> options = validOptions();
        options.put("token", "wrong");
        return options;
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("", "orders");
    }

    @Override
    protected long sampleRows() {
        return ROWS;
    }
}
