package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST API against a real platform on a temporary home, over real HTTP. */
class ZhongtaiServerIT extends ServerTestBase {
    static List<Long> ids(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("rows").forEach(row -> out.add(row.get(0).asLong()));
        return out;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void healthNeedsNoToken() {
        HttpResponse<String> r = send(request("/api/v1/health", null).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("UP");
        assertThat(json(r).get("version").asText()).isNotBlank();
    }

    @Test
    void everythingElseNeedsAValidToken() {
        HttpResponse<String> none = send(request("/api/v1/namespaces", null).GET().build());
        assertThat(problem(none, 401).get("detail").asText()).contains("Missing bearer token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        HttpResponse<String> wrong = send(request("/api/v1/namespaces", "zt_not-a-real-token").GET().build());
        assertThat(problem(wrong, 401).get("detail").asText()).contains("Invalid or revoked token");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();

        HttpResponse<String> basic = send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces"))
                .header("Authorization", "Basic dXNlcjpwdw==").GET().build());
        problem(basic, 401);

        // Unknown paths are not revealed without a token either.
        problem(send(request("/api/v1/nothing-here", null).GET().build()), 401);
        problem(send(request("/api/v1/metrics", null).GET().build()), 401);
    }

    @Test
    void namespaces() {
        HttpResponse<String> r = get("/api/v1/namespaces");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(r).forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).contains("ods", "dwd", "dws", "ads");

        HttpResponse<String> created = post("/api/v1/namespaces", "{\"name\": \"sandbox\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("name").asText()).isEqualTo("sandbox");
        problem(post("/api/v1/namespaces", "{\"name\": \"sandbox\"}"), 409);
        problem(post("/api/v1/namespaces", "{\"name\": \"bad name!\"}"), 400);
        sqlOk("CREATE TABLE sandbox.t (id INT)");
        assertThat(json(get("/api/v1/namespaces/sandbox/tables")).get(0).get("table").asText()).isEqualTo("t");
        problem(delete("/api/v1/namespaces/sandbox"), 409);
        assertThat(delete("/api/v1/namespaces/sandbox?cascade=true").statusCode()).isEqualTo(204);
        problem(get("/api/v1/namespaces/sandbox/tables"), 404);
    }

    @Test
    void sqlWritesAndPagesThroughACursor() {
        JsonNode created = sqlOk("CREATE TABLE ods.numbers AS SELECT i AS id, 'n' || i AS name FROM range(2500) t(i)");
        assertThat(created.get("columns")).isEmpty();
        assertThat(created.get("cursor").isNull()).isTrue();
        JsonNode inserted = sqlOk("INSERT INTO ods.numbers VALUES (2500, 'last')");
        assertThat(inserted.get("updateCount").asLong()).isEqualTo(1);
        assertThat(inserted.get("summary").asText()).startsWith("INSERT 1 row");
        sqlOk("DELETE FROM ods.numbers WHERE id = 2500");

        HttpResponse<String> first = post("/api/v1/sql", body(Map.of("sql", "SELECT id, name FROM numbers ORDER BY id", "maxRows", 1000)));
        JsonNode page = json(first);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(page.get("columns").get(0).get("name").asText()).isEqualTo("id");
        assertThat(page.get("columns").get(0).get("type").asText()).isEqualTo("BIGINT");
        assertThat(page.get("rowCount").asInt()).isEqualTo(1000);
        assertThat(page.get("hasMore").asBoolean()).isTrue();
        assertThat(page.get("updateCount").isNull()).isTrue();
        assertThat(page.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(0);
        String cursor = page.get("cursor").asText();
        List<Long> all = new ArrayList<>(ids(page));
        int pages = 1;
        while (page.get("hasMore").asBoolean()) {
            HttpResponse<String> next = get("/api/v1/sql/cursors/" + page.get("cursor").asText() + "?maxRows=1000");
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            page = json(next);
            all.addAll(ids(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(page.get("rowCount").asInt()).isEqualTo(500);
        assertThat(page.get("cursor").isNull()).isTrue();
        assertThat(page.get("summary").asText()).isEqualTo("2500 rows");
        assertThat(all).hasSize(2500);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i)).isEqualTo(i);
        }
        // Read to the end: the cursor is gone.
        problem(get("/api/v1/sql/cursors/" + cursor), 404);

        // A cursor can be closed early, and only by its owner.
        JsonNode open = json(post("/api/v1/sql", body(Map.of("sql", "SELECT * FROM ods.numbers", "maxRows", 10))));
        String id = open.get("cursor").asText();
        CreatedToken other = platform.tokens().create("other-" + UUID.randomUUID().toString().substring(0, 8), Identity.localUser());
        problem(send(request("/api/v1/sql/cursors/" + id, other.secret()).GET().build()), 404);
        assertThat(delete("/api/v1/sql/cursors/" + id).statusCode()).isEqualTo(204);
        problem(get("/api/v1/sql/cursors/" + id), 404);
        problem(get("/api/v1/sql/cursors/x?maxRows=0"), 400);
    }

    @Test
    void streamsNdjson() {
        sqlOk("CREATE TABLE ods.stream_src AS SELECT i AS id FROM range(2500) t(i)");
        HttpResponse<String> r = send(request("/api/v1/sql", token).header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body(Map.of("sql", "SELECT id, id * 2 AS twice FROM ods.stream_src ORDER BY id"))))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/x-ndjson"));
        String[] lines = r.body().split("\n");
        assertThat(lines).hasSize(2501);
        assertThat(lines[0]).isEqualTo("{\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\"},{\"name\":\"twice\",\"type\":\"BIGINT\"}]}");
        assertThat(lines[1]).isEqualTo("[0,0]");
        assertThat(lines[2500]).isEqualTo("[2499,4998]");

        // Errors before the first byte are ordinary problem responses.
        HttpResponse<String> bad = send(request("/api/v1/sql", token).header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body(Map.of("sql", "SELECT * FROM ods.nope")))).build());
        problem(bad, 404);
    }

    @Test
    void valuesAreWrittenAsPlainJson() {
        JsonNode r = sqlOk("SELECT 1.50::DECIMAL(10,2) AS d, DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:00' AS ts, "
                + "'00000000-0000-0000-0000-000000000001'::UUID AS u, 'ab'::BLOB AS b, [1, 2] AS l, {'k': 'v'} AS s, "
                + "NULL::INTEGER AS n, true AS ok, 12345678901234567890::HUGEINT AS big");
        JsonNode row = r.get("rows").get(0);
        assertThat(row.get(0).isNumber()).isTrue();
        assertThat(row.get(0).decimalValue()).isEqualByComparingTo("1.50");
        assertThat(row.get(1).asText()).isEqualTo("2024-01-02");
        assertThat(row.get(2).asText()).isEqualTo("2024-01-02T03:04:00");
        assertThat(row.get(3).asText()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(row.get(4).asText()).isEqualTo("YWI=");
        assertThat(row.get(5).toString()).isEqualTo("[1,2]");
        assertThat(row.get(6).toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(row.get(7).isNull()).isTrue();
        assertThat(row.get(8).asBoolean()).isTrue();
        assertThat(row.get(9).isNumber()).isTrue();
        assertThat(row.get(9).bigIntegerValue()).isEqualTo(new java.math.BigInteger("12345678901234567890"));
    }

    @Test
    void tableMetadataHistoryAndTimeTravel() {
        sqlOk("CREATE TABLE dwd.events (id BIGINT, region VARCHAR) PARTITIONED BY (region)");
        sqlOk("INSERT INTO dwd.events VALUES (1, 'east'), (2, 'west')");
        sqlOk("INSERT INTO dwd.events VALUES (3, 'east')");

        JsonNode info = json(get("/api/v1/tables/dwd.events"));
        assertThat(info.get("name").asText()).isEqualTo("dwd.events");
        assertThat(info.get("rows").asLong()).isEqualTo(3);
        assertThat(info.get("partitionBy").get(0).asText()).isEqualTo("region");
        assertThat(info.get("columns").get(1).get("name").asText()).isEqualTo("region");
        assertThat(info.get("lastUpdated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonNode snapshots = json(get("/api/v1/tables/dwd.events/snapshots"));
        assertThat(snapshots.size()).isEqualTo(2);
        long first = snapshots.get(0).get("snapshotId").asLong();
        long second = snapshots.get(1).get("snapshotId").asLong();
        assertThat(snapshots.get(1).get("current").asBoolean()).isTrue();

        JsonNode partitions = json(get("/api/v1/tables/dwd.events/partitions"));
        assertThat(partitions.size()).isEqualTo(2);
        assertThat(partitions.get(0).get("partition").asText()).isEqualTo("region=east");
        assertThat(partitions.get(0).get("rows").asLong()).isEqualTo(2);
        JsonNode files = json(get("/api/v1/tables/dwd.events/files"));
        assertThat(files.size()).isGreaterThanOrEqualTo(2);
        assertThat(files.get(0).get("path").asText()).endsWith(".parquet");

        JsonNode then = json(get("/api/v1/tables/dwd.events/rows?version=" + first + "&limit=100"));
        assertThat(then.get("rowCount").asInt()).isEqualTo(2);
        assertThat(then.get("cursor").isNull()).isTrue();
        assertThat(then.get("hasMore").asBoolean()).isFalse();
        JsonNode now = json(get("/api/v1/tables/dwd.events/rows?limit=2"));
        assertThat(now.get("rowCount").asInt()).isEqualTo(2);
        assertThat(now.get("hasMore").asBoolean()).isTrue();

        HttpResponse<String> tagged = post("/api/v1/tables/dwd.events/tags", body(Map.of("name", "v1", "snapshotId", first)));
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        assertThat(json(get("/api/v1/tables/dwd.events/rows?version=v1")).get("rowCount").asInt()).isEqualTo(2);

        HttpResponse<String> rolled = post("/api/v1/tables/dwd.events/rollback", body(Map.of("snapshotId", first)));
        assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
        assertThat(json(get("/api/v1/tables/dwd.events")).get("currentSnapshotId").asLong()).isEqualTo(first);
        assertThat(post("/api/v1/tables/dwd.events/rollback", body(Map.of("snapshotId", second))).statusCode()).isEqualTo(200);

        HttpResponse<String> compacted = post("/api/v1/tables/dwd.events/compact", "");
        assertThat(compacted.statusCode()).as(compacted.body()).isEqualTo(200);
        assertThat(json(compacted).get("action").asText()).isEqualTo("compact");
        HttpResponse<String> expired = post("/api/v1/tables/dwd.events/expire", "{\"olderThan\": \"P7D\", \"retainLast\": 1}");
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(200);
        assertThat(json(expired).get("action").asText()).isEqualTo("expire");
        HttpResponse<String> cleaned = post("/api/v1/tables/dwd.events/clean", "{\"olderThan\": \"1h\", \"dryRun\": true}");
        assertThat(cleaned.statusCode()).as(cleaned.body()).isEqualTo(200);
        assertThat(json(cleaned).get("action").asText()).isEqualTo("clean");
        assertThat(problem(post("/api/v1/tables/dwd.events/clean", "{\"olderThan\": \"soon\"}"), 400).get("detail").asText())
                .contains("olderThan");
        assertThat(sqlOk("SELECT count(*) FROM dwd.events").get("rows").get(0).get(0).asLong()).isEqualTo(3);
    }

    @Test
    void uploadsACsvIntoANewTable() {
        String csv = "id,name,amount\n1,alice,1.5\n2,bob,2.25\n3,中台,3\n";
        String boundary = "----zt" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writePart(body, boundary, "file", "../../evil dir/orders 2024.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(request("/api/v1/tables/ods.uploaded/upload?create=true&mode=append", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r);
        assertThat(result.get("table").asText()).isEqualTo("ods.uploaded");
        assertThat(result.get("rows").asLong()).isEqualTo(3);
        assertThat(result.get("tableCreated").asBoolean()).isTrue();
        assertThat(result.get("duration").asText()).startsWith("PT");

        JsonNode q = sqlOk("SELECT name, amount FROM ods.uploaded ORDER BY id");
        assertThat(q.get("rows").get(2).get(0).asText()).isEqualTo("中台");
        assertThat(q.get("rows").get(1).get(1).decimalValue()).isEqualByComparingTo("2.25");

        // No temporary upload directory is left behind.
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(dirs.filter(p -> p.getFileName().toString().startsWith("zhongtai-upload-"))
                    .filter(p -> {
                        try (var content = Files.walk(p)) {
                            return content.anyMatch(f -> f.getFileName().toString().equals("orders_2024.csv"));
                        } catch (IOException e) {
                            return false;
                        }
                    })).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        // Without create=true a missing table is a 404; a bad mode a 400 naming it.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        writePart(again, boundary, "file", "x.csv", "text/csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
        again.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        problem(send(request("/api/v1/tables/ods.not_there/upload", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(again.toByteArray())).build()), 404);
        assertThat(problem(send(request("/api/v1/tables/ods.uploaded/upload?mode=replace", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(again.toByteArray())).build()), 400).get("detail").asText())
                .contains("mode");
    }

    static void writePart(ByteArrayOutputStream out, String boundary, String field, String filename, String type, byte[] content) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void errorsAreProblemJson() {
        JsonNode syntax = problem(sql("SELECT *\nFROM ods.numbers WHERE WHERE"), 400);
        assertThat(syntax.get("position").get("line").asInt()).isEqualTo(2);
        assertThat(syntax.get("position").get("column").asInt()).isPositive();

        JsonNode missingTable = problem(sql("SELECT * FROM ods.no_such_table"), 404);
        assertThat(missingTable.get("detail").asText()).contains("ods.no_such_table");
        assertThat(missingTable.get("position")).isNotNull();
        assertThat(problem(get("/api/v1/tables/ods.no_such_table"), 404).get("detail").asText()).contains("Table does not exist");
        problem(get("/api/v1/tables/ods.no_such_table/snapshots"), 404);
        problem(get("/api/v1/tables/not.a.name"), 400);

        problem(get("/api/v1/no/such/endpoint"), 404);
        problem(send(request("/api/v1/namespaces", token).PUT(HttpRequest.BodyPublishers.noBody()).build()), 405);
        assertThat(problem(post("/api/v1/sql", "{\"sql\": "), 400).get("detail").asText()).contains("Malformed JSON");
        assertThat(problem(post("/api/v1/sql", "{}"), 400).get("detail").asText()).contains("'sql'");
        assertThat(problem(post("/api/v1/sql", "{\"sql\": \"SELECT 1\", \"maxRows\": \"many\"}"), 400).get("detail").asText())
                .contains("'maxRows'");
        assertThat(problem(post("/api/v1/sql", "{\"sql\": \"SELECT 1\", \"maxrows\": 5}"), 400).get("detail").asText())
                .contains("'maxrows'");
        assertThat(problem(post("/api/v1/sql", "{\"sql\": \"SELECT 1\", \"maxRows\": 100001}"), 400).get("detail").asText())
                .contains("maxRows");
        problem(post("/api/v1/sql", ""), 400);
        problem(send(request("/api/v1/sql", token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build()), 415);
        problem(sql("COPY ods.numbers TO '/tmp/x.csv'"), 403);
        problem(get("/api/v1/tables/ods.numbers/rows?limit=abc"), 400);
    }

    @Test
    void openApiDocument() {
        HttpResponse<String> r = send(request("/api/v1/openapi.json", null).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"/api/v1/sql\"", "\"/api/v1/tables/{table}/upload\"", "\"/api/v1/sql/cursors/{id}\"");
        JsonNode doc = json(r);
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0").has("bearer")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1health/get/security").isArray()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1health/get/security").size()).isZero();
        assertThat(r.body()).doesNotContain("\"/error\"");
    }

    @Test
    void metrics() {
        sqlOk("SELECT 1");
        problem(sql("SELEC 1"), 400);
        HttpResponse<String> r = get("/api/v1/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct.replace(" ", ""))
                .startsWith("text/plain;version=0.0.4"));
        assertThat(r.body()).contains("http_server_requests_seconds_count", "zhongtai_sql_statements_total{outcome=\"success\"}",
                "zhongtai_sql_statements_total{outcome=\"invalid_input\"}", "zhongtai_sql_cursors_open", "jvm_memory_used_bytes");
    }

    @Test
    void idleCursorsExpireAndAreLimitedPerToken() {
        sqlOk("CREATE TABLE ods.cursor_src AS SELECT i AS id FROM range(50) t(i)");
        try (ZhongtaiServer second = ZhongtaiServer.start(platform, "127.0.0.1", 0,
                Map.of("zhongtai.server.cursor-idle-timeout", "1s", "zhongtai.server.max-cursors-per-token", "2"))) {
            assertThat(second.port()).isNotEqualTo(server.port());
            String page = body(Map.of("sql", "SELECT * FROM ods.cursor_src", "maxRows", 5));
            java.util.function.Supplier<HttpResponse<String>> open = () -> send(HttpRequest.newBuilder(URI.create(second.url() + "/api/v1/sql"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(page)).build());
            String first = json(open.get()).get("cursor").asText();
            assertThat(json(open.get()).get("cursor").isTextual()).isTrue();
            assertThat(problem(open.get(), 409).get("detail").asText()).contains("2 open cursors");
            java.util.function.Supplier<HttpResponse<String>> fetch = () -> send(HttpRequest.newBuilder(
                    URI.create(second.url() + "/api/v1/sql/cursors/" + first + "?maxRows=5"))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(fetch.get().statusCode()).isEqualTo(200);
            sleep(3000); // idle timeout 1 s, swept every second
            HttpResponse<String> r = fetch.get();
            problem(r, 404);
            assertThat(open.get().statusCode()).isEqualTo(200);
        }
        // Closing a server leaves the platform (owned by the caller) open.
        assertThat(sqlOk("SELECT count(*) FROM ods.cursor_src").get("rows").get(0).get(0).asLong()).isEqualTo(50);
    }

    @Test
    void aPortInUseIsAConflict() {
        assertThatThrownBy(() -> ZhongtaiServer.start(platform, "127.0.0.1", server.port()))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("port " + server.port()).contains("in use");
                });
        assertThatThrownBy(() -> ZhongtaiServer.start(platform, "127.0.0.1", 70000)).isInstanceOf(ZhongtaiException.class);
        assertThatThrownBy(() -> ZhongtaiServer.start(platform, "192.0.2.1", 0))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith("Cannot start the server on 192.0.2.1:0: ");
                });
        assertThat(get("/api/v1/namespaces").statusCode()).isEqualTo(200);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tokensCanBeCreatedListedAndRevoked() {
        HttpResponse<String> created = post("/api/v1/tokens", "{\"name\": \"ci\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode t = json(created);
        assertThat(t.get("name").asText()).isEqualTo("ci");
        String secret = t.get("token").asText();
        assertThat(secret).startsWith("zt_");
        problem(post("/api/v1/tokens", "{\"name\": \"ci\"}"), 409);

        HttpResponse<String> withNew = send(request("/api/v1/namespaces", secret).GET().build());
        assertThat(withNew.statusCode()).isEqualTo(200);

        JsonNode list = json(get("/api/v1/tokens"));
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).contains("it", "ci");
        assertThat(list.toString()).doesNotContain(secret);

        assertThat(send(request("/api/v1/tokens/ci", secret).DELETE().build()).statusCode()).isEqualTo(204);
        problem(send(request("/api/v1/namespaces", secret).GET().build()), 401);
        problem(delete("/api/v1/tokens/no-such-token"), 404);
        assertThat(get("/api/v1/namespaces").statusCode()).isEqualTo(200);
    }
}
