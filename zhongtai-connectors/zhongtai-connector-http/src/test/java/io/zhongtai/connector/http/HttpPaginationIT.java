package io.zhongtai.connector.http;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.data.TableSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.zhongtai.connector.http.TestingHttpServer.Answer;
import static io.zhongtai.connector.http.TestingHttpServer.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every pagination style against a real HTTP server, with the requests it saw. */
class HttpPaginationIT {
    private static final int TOTAL = 23;
    private final TestingHttpServer server = new TestingHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<Object> ids(List<List<Object>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    private static List<Object> expectedIds() {
        return java.util.stream.LongStream.rangeClosed(1, TOTAL).boxed().map(Object.class::cast).toList();
    }

    @Test
    void pageNumbersUntilAnEmptyPage() {
        server.handle("/items", r -> {
            int page = r.intParam("p", -1);
            int size = r.intParam("per_page", -1);
            int from = page * size + 1;
            return Answer.json(records(from, Math.max(0, Math.min(size, TOTAL - from + 1))));
        });
        try (Connector c = HttpTesting.connect("url", server.url("/items?sort=id"), "pagination", "page", "page-param", "p",
                "size-param", "per_page", "page-size", "10", "start-page", "0")) {
            List<List<Object>> rows = HttpTesting.read(c, c.describe(c.listTables("").get(0)), new ReadSpec(List.of(), null, 7));
            assertThat(ids(rows)).isEqualTo(expectedIds());
        }
        assertThat(server.requests).extracting(r -> r.query().toString()).endsWith(
                "{sort=id, p=0, per_page=10}", "{sort=id, p=1, per_page=10}", "{sort=id, p=2, per_page=10}", "{sort=id, p=3, per_page=10}");
    }

    @Test
    void offsetsAdvanceByTheRecordsReceivedEvenWhenTheServerCapsTheLimit() {
        server.handle("/items", r -> {
            int offset = r.intParam("skip", -1);
            int limit = Math.min(r.intParam("take", -1), 7);
            return Answer.json("{\"items\":" + records(offset + 1, Math.max(0, Math.min(limit, TOTAL - offset))) + "}");
        });
        try (Connector c = HttpTesting.connect("url", server.url("/items"), "pagination", "offset", "offset-param", "skip",
                "limit-param", "take", "page-size", "50", "records-path", "/items")) {
            assertThat(ids(HttpTesting.readAll(c))).isEqualTo(expectedIds());
        }
        assertThat(server.requests).extracting(r -> r.query().get("skip")).endsWith("0", "7", "14", "21", "23");
    }

    @Test
    void aCursorFromEachResponseUntilItIsMissing() {
        server.handle("/events", r -> {
            int from = r.query().containsKey("after") ? Integer.parseInt(r.query().get("after")) + 1 : 1;
            int count = Math.min(10, TOTAL - from + 1);
            String next = from + count - 1 < TOTAL ? "\"" + (from + count - 1) + "\"" : "null";
            return Answer.json("{\"data\":" + records(from, count) + ",\"meta\":{\"next\":" + next + "}}");
        });
        try (Connector c = HttpTesting.connect("url", server.url("/events"), "pagination", "cursor", "cursor-path", "/meta/next",
                "cursor-param", "after", "records-path", "/data")) {
            assertThat(ids(HttpTesting.readAll(c))).isEqualTo(expectedIds());
        }
        assertThat(server.requests).hasSize(1 + 3);
    }

    @Test
    void nextLinksFromTheBodyOrTheLinkHeader() {
        server.handle("/body", r -> {
            int page = r.intParam("page", 1);
            int from = (page - 1) * 10 + 1;
            int count = Math.min(10, TOTAL - from + 1);
            String next = from + count - 1 < TOTAL ? "\"/body?page=" + (page + 1) + "\"" : "null";
            return Answer.json("{\"results\":" + records(from, count) + ",\"links\":{\"next\":" + next + "}}");
        });
        server.handle("/header", r -> {
            int page = r.intParam("page", 1);
            int from = (page - 1) * 10 + 1;
            int count = Math.min(10, TOTAL - from + 1);
            Map<String, String> headers = from + count - 1 < TOTAL
                    ? Map.of("Link", "<" + server.url("/header?page=1") + ">; rel=\"first\", <" + server.url("/header?page=" + (page + 1))
                            + ">; rel=\"next\"")
                    : Map.of("Link", "<" + server.url("/header?page=1") + ">; rel=\"first\"");
            return new Answer(200, records(from, count), headers);
        });
        try (Connector c = HttpTesting.connect("url", server.url("/body"), "pagination", "link", "next-path", "/links/next",
                "records-path", "/results")) {
            assertThat(ids(HttpTesting.readAll(c))).isEqualTo(expectedIds());
        }
        try (Connector c = HttpTesting.connect("url", server.url("/header"), "pagination", "link")) {
            assertThat(ids(HttpTesting.readAll(c))).isEqualTo(expectedIds());
        }
        assertThat(Pages.relNext("<https://a/x?page=2>; rel=\"next last\"")).contains("https://a/x?page=2");
        assertThat(Pages.relNext("<https://a/x?page=1>; rel=prev")).isEmpty();
    }

    @Test
    void maxPagesStopsARunawayPagination() {
        server.handle("/forever", r -> Answer.json(records(1, 2)));
        try (Connector c = HttpTesting.connect("url", server.url("/forever"), "pagination", "page", "max-pages", "5")) {
            assertThatThrownBy(() -> HttpTesting.readAll(c))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.FAILED))
                    .hasMessageContaining("more than max-pages=5 pages");
        }
    }

    @Test
    void anEmptyResultReadsNoRows() {
        server.handle("/empty", r -> Answer.json("{\"data\":[]}"));
        try (Connector c = HttpTesting.connect("url", server.url("/empty"), "records-path", "/data", "pagination", "page",
                "columns", "id bigint, name varchar")) {
            TableSchema schema = c.describe(c.listTables("").get(0));
            assertThat(schema.columnNames()).containsExactly("id", "name");
            assertThat(HttpTesting.read(c, schema, ReadSpec.all())).isEmpty();
        }
        assertThat(server.requests).as("declared columns need no sample request").hasSize(1);
    }

    @Test
    void postSendsTheBodyAndHeaders() {
        server.handle("/search", r -> r.method().equals("POST") && r.body().equals("{\"q\":\"x\"}")
                && "acme".equals(r.headers().get("x-tenant")) && "k3y".equals(r.headers().get("x-key"))
                ? Answer.json(records(1, 2)) : Answer.status(400, "{\"error\":\"bad request\"}"));
        try (Connector c = HttpTesting.connect("url", server.url("/search"), "method", "POST", "body", "{\"q\":\"x\"}",
                "headers", "X-Tenant: acme, X-Trace: 1", "api-key", "k3y", "api-key-header", "X-Key")) {
            assertThat(HttpTesting.readAll(c)).hasSize(2);
        }
    }
}
