package io.zhongtai.connector.http;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.InvalidOptionsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.zhongtai.connector.http.TestingHttpServer.Answer;
import static io.zhongtai.connector.http.TestingHttpServer.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authentication, retries, classified failures and schema inference against a real HTTP server. */
class HttpErrorsIT {
    private final TestingHttpServer server = new TestingHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertKind(Throwable e, ConnectorException.Kind kind) {
        assertThat(e).isInstanceOf(ConnectorException.class);
        assertThat(((ConnectorException) e).kind()).isEqualTo(kind);
    }

    @Test
    void basicAuthenticationIsSentAndRefusalsAreAuthenticationErrors() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("ann:pa55".getBytes());
        server.handle("/users", r -> expected.equals(r.authorization()) ? Answer.json(records(1, 1)) : Answer.status(403, "{\"error\":\"no\"}"));
        try (Connector c = HttpTesting.connect("url", server.url("/users"), "username", "ann", "password", "pa55")) {
            c.testConnection(Duration.ofSeconds(5));
        }
        try (Connector c = HttpTesting.connect("url", server.url("/users"), "username", "ann", "password", "wrong-pass")) {
            assertThatThrownBy(() -> c.testConnection(Duration.ofSeconds(5)))
                    .satisfies(e -> assertKind(e, ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining("HTTP 403").hasMessageNotContaining("wrong-pass");
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        server.handle("/limited", r -> calls.incrementAndGet() == 1
                ? new Answer(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "1")) : Answer.json(records(1, 3)));
        long start = System.nanoTime();
        try (Connector c = HttpTesting.connect("url", server.url("/limited"), "retry-backoff", "10ms")) {
            assertThat(HttpTesting.readAll(c)).hasSize(3);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenReported() {
        server.handle("/down", r -> Answer.status(503, "{\"error\":\"maintenance\"}"));
        try (Connector c = HttpTesting.connect("url", server.url("/down"), "retries", "2", "retry-backoff", "10ms")) {
            assertThatThrownBy(() -> c.testConnection(Duration.ofSeconds(5)))
                    .satisfies(e -> assertKind(e, ConnectorException.Kind.FAILED))
                    .hasMessageContaining("HTTP 503").hasMessageContaining("maintenance").hasMessageContaining("after 2 retries");
        }
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void missingEndpointsAreNotFoundAndSlowOnesUnreachable() {
        server.handle("/slow", r -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json("[]");
        });
        try (Connector c = HttpTesting.connect("url", server.url("/nothing-here"))) {
            assertThatThrownBy(() -> c.testConnection(Duration.ofSeconds(5))).satisfies(e -> assertKind(e, ConnectorException.Kind.NOT_FOUND));
        }
        try (Connector c = HttpTesting.connect("url", server.url("/slow"), "timeout", "200ms", "retries", "0")) {
            assertThatThrownBy(() -> HttpTesting.readAll(c))
                    .satisfies(e -> assertKind(e, ConnectorException.Kind.UNREACHABLE))
                    .hasMessageContaining("Cannot reach 127.0.0.1:");
        }
    }

    @Test
    void aBodyThatIsNotJsonNamesTheUrlPageAndPosition() {
        server.handle("/broken", r -> r.intParam("page", 1) == 1 ? Answer.json(records(1, 2))
                : Answer.json("{\"data\": [1, 2,,]}"));
        try (Connector c = HttpTesting.connect("url", server.url("/broken"), "pagination", "page")) {
            assertThatThrownBy(() -> HttpTesting.readAll(c))
                    .satisfies(e -> assertKind(e, ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining("Response to page 2 of " + server.url("/broken") + " is not JSON (line 1, column 16)")
                    .hasMessageContaining("Unexpected character (','");
        }
    }

    @Test
    void recordsMustBeAnArrayAtTheRecordsPath() {
        server.handle("/wrapped", r -> Answer.json("{\"items\":[{\"id\":1}],\"total\":1}"));
        try (Connector c = HttpTesting.connect("url", server.url("/wrapped"))) {
            assertThatThrownBy(() -> HttpTesting.readAll(c))
                    .satisfies(e -> assertKind(e, ConnectorException.Kind.INVALID_DATA))
                    .hasMessageContaining("set records-path").hasMessageContaining("its fields: items, total");
        }
        try (Connector c = HttpTesting.connect("url", server.url("/wrapped"), "records-path", "/data")) {
            assertThatThrownBy(() -> HttpTesting.readAll(c)).hasMessageContaining("nothing at records-path /data");
        }
    }

    @Test
    void columnsAreInferredFromSampledPagesAndNewFieldsAppearWhenSampled() {
        server.handle("/things", r -> r.intParam("page", 1) == 1
                ? Answer.json("[{\"id\":1,\"price\":2,\"tags\":[\"a\"],\"owner\":{\"n\":1},\"ok\":true,\"day\":\"2024-01-02\",\"mixed\":1,\"nothing\":null},"
                        + "{\"id\":2,\"price\":2.5,\"mixed\":\"x\",\"big\":123456789012345678901234567890}]")
                : r.intParam("page", 1) == 2 ? Answer.json("[{\"id\":3,\"late\":\"new\"}]") : Answer.json("[]"));
        try (Connector c = HttpTesting.connect("url", server.url("/things"), "pagination", "page")) {
            TableSchema schema = c.describe(c.listTables("").get(0));
            Map<String, DataType> types = new java.util.LinkedHashMap<>();
            schema.columns().forEach(col -> types.put(col.name(), col.type()));
            assertThat(types).containsExactly(Map.entry("id", DataType.BIGINT), Map.entry("price", DataType.DOUBLE),
                    Map.entry("tags", DataType.JSON), Map.entry("owner", DataType.JSON), Map.entry("ok", DataType.BOOLEAN),
                    Map.entry("day", DataType.STRING), Map.entry("mixed", DataType.STRING), Map.entry("nothing", DataType.STRING),
                    Map.entry("big", DataType.decimal(38, 0)));
            List<List<Object>> rows = HttpTesting.read(c, schema, io.zhongtai.spi.connector.ReadSpec.all());
            assertThat(rows.get(0)).containsExactly(1L, 2.0, "[\"a\"]", "{\"n\":1}", true, "2024-01-02", "1", null, null);
            assertThat(rows).hasSize(3);
        }
        try (Connector c = HttpTesting.connect("url", server.url("/things"), "pagination", "page", "sample-pages", "2")) {
            assertThat(c.describe(c.listTables("").get(0)).columnNames()).endsWith("late");
        }
    }

    @Test
    void declaredColumnsOverrideInferenceAndValuesThatDoNotFitNameTheRecord() {
        server.handle("/orders", r -> Answer.json("[{\"id\":\"7\",\"amount\":\"12.50\",\"at\":\"2024-01-02T03:04:05Z\"},"
                + "{\"id\":8,\"amount\":1,\"at\":\"yesterday\"}]"));
        try (Connector c = HttpTesting.connect("url", server.url("/orders"), "table", "orders_api",
                "columns", "id bigint, amount decimal(10,2), at timestamptz")) {
            TableSchema schema = c.describe(c.listTables("").get(0));
            assertThat(schema.table().name()).isEqualTo("orders_api");
            assertThat(schema.columns().get(1).type()).isEqualTo(DataType.decimal(10, 2));
            assertThatThrownBy(() -> HttpTesting.readAll(c))
                    .satisfies(e -> assertKind(e, ConnectorException.Kind.INVALID_DATA))
                    .hasMessage("Cannot read field at of record 2 of page 1 of " + server.url("/orders")
                            + ": \"yesterday\" is not a TIMESTAMP WITH TIME ZONE");
        }
        assertThatThrownBy(() -> HttpTesting.connect("url", "ftp://x", "columns", "id blob", "pagination", "cursor", "records-path", "data",
                "token", "t", "username", "u", "headers", "no-colon"))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems()).extracting(p -> p.option())
                        .containsExactlyInAnyOrder("url", "cursor-path", "records-path", "columns", "token", "headers"))
                .hasMessageNotContaining("\"t\"");
    }
}
