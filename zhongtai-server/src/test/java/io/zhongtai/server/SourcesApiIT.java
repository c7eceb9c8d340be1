package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sources, syncs and exports over REST, with the real file connector on a temporary directory. */
class SourcesApiIT extends ServerTestBase {
    @TempDir
    static Path data;

    @BeforeAll
    void writeFiles() throws IOException {
        Path in = Files.createDirectories(data.resolve("in"));
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 1; i <= 500; i++) {
            csv.append(i).append(",customer ").append(i).append(',').append(i).append(".25\n");
        }
        Files.writeString(in.resolve("orders.csv"), csv);
        Files.createDirectories(data.resolve("out"));
    }

    private void addFileSource(String name, Path path) {
        HttpResponse<String> r = post("/api/v1/sources", body(Map.of("name", name, "type", "file",
                "options", Map.of("path", path.toString()), "description", "files for " + name)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void connectorTypesDeclareTheirOptions() {
        HttpResponse<String> r = get("/api/v1/connectors");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode file = Stream.of(json(r)).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
                .filter(t -> t.get("name").asText().equals("file")).findFirst().orElseThrow();
        assertThat(file.get("description").asText()).isNotBlank();
        assertThat(file.get("options").findValuesAsText("name")).contains("path");
    }

    @Test
    void registerBrowseSyncAndRemove() throws Exception {
        addFileSource("shop", data.resolve("in"));
        JsonNode shown = json(get("/api/v1/sources/shop"));
        assertThat(shown.get("type").asText()).isEqualTo("file");
        assertThat(shown.get("options").get("path").asText()).isEqualTo(data.resolve("in").toString());
        assertThat(json(get("/api/v1/sources")).findValuesAsText("name")).contains("shop");

        HttpResponse<String> tested = post("/api/v1/sources/shop/test", "");
        assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
        assertThat(json(tested).get("reachable").asBoolean()).isTrue();

        JsonNode described = json(get("/api/v1/sources/shop/tables/orders"));
        assertThat(described.get("columns").findValuesAsText("name")).containsExactly("id", "name", "amount");

        HttpResponse<String> synced = post("/api/v1/syncs", body(Map.of("source", "shop", "tables", List.of("orders"), "waitForResult", true)));
        assertThat(synced.statusCode()).as(synced.body()).isEqualTo(200);
        assertThat(json(synced).get("rows").asLong()).isEqualTo(500);
        assertThat(sqlOk("SELECT count(*), sum(amount) FROM ods.shop_orders").get("rows").get(0).get(0).asLong()).isEqualTo(500);

        JsonNode state = json(get("/api/v1/sources/shop/status"));
        assertThat(state.findValuesAsText("targetTable")).contains("ods.shop_orders");

        assertThat(delete("/api/v1/sources/shop").statusCode()).isEqualTo(204);
        problem(get("/api/v1/sources/shop"), 404);
        // The synced table stays after its source is removed.
        assertThat(sqlOk("SELECT count(*) FROM ods.shop_orders").get("rows").get(0).get(0).asLong()).isEqualTo(500);
    }

    @Test
    void aSyncJobRunsInTheBackgroundAndReportsItsResult() throws Exception {
        addFileSource("jobs", data.resolve("in"));
        HttpResponse<String> started = post("/api/v1/syncs", body(Map.of("source", "jobs", "tables", List.of("orders"))));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = json(started).get("id").asText();
        JsonNode job = json(get("/api/v1/syncs/" + id));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (List.of("running", "stopping").contains(job.get("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            job = json(get("/api/v1/syncs/" + id));
        }
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(json(get("/api/v1/syncs")).findValuesAsText("id")).contains(id);
        problem(get("/api/v1/syncs/no-such-job"), 404);
    }

    @Test
    void exportsAQueryIntoAFileSource() throws Exception {
        addFileSource("outbox", data.resolve("out"));
        sqlOk("CREATE TABLE IF NOT EXISTS dws.exported AS SELECT 1 AS id, 'one' AS label UNION ALL SELECT 2, 'two'");
        HttpResponse<String> r = post("/api/v1/exports", body(Map.of("query", "dws.exported", "to", "outbox",
                "table", "labels.csv", "mode", "overwrite")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("rows").asLong()).isEqualTo(2);
        try (Stream<Path> files = Files.walk(data.resolve("out"))) {
            String written = files.filter(Files::isRegularFile).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
            assertThat(written).contains("one").contains("two");
        }
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        JsonNode invalid = problem(post("/api/v1/sources", body(Map.of("name", "bad", "type", "file",
                "options", Map.of("pth", "/tmp", "format", "xml")))), 400);
        assertThat(invalid.get("detail").asText()).contains("pth").contains("format").contains("path");

        JsonNode secretInOptions = problem(post("/api/v1/sources", body(Map.of("name", "leaky", "type", "file",
                "options", Map.of("path", "s3://bucket/x", "s3-secret-access-key", "hunter2")))), 400);
        assertThat(secretInOptions.get("detail").asText()).contains("s3-secret-access-key").doesNotContain("hunter2");

        JsonNode unknownType = problem(post("/api/v1/sources", body(Map.of("name", "odd", "type", "oracle"))), 400);
        assertThat(unknownType.get("detail").asText()).contains("oracle").contains("file");

        problem(get("/api/v1/sources/nobody"), 404);
        JsonNode noTables = problem(post("/api/v1/syncs", body(Map.of("source", "nobody"))), 400);
        assertThat(noTables.get("detail").asText()).contains("tables");
        problem(post("/api/v1/syncs", body(Map.of("source", "nobody", "tables", List.of("t"), "mode", "sideways"))), 400);
    }

    @Test
    void secretsAreMaskedInEveryResponse() {
        HttpResponse<String> r = post("/api/v1/sources", body(Map.of("name", "bucket", "type", "file",
                "options", Map.of("path", "s3://bucket/prefix/", "s3-access-key-id", "AKIATEST"),
                "secrets", Map.of("s3-secret-access-key", "very-secret-value"))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("very-secret-value").contains("******");
        assertThat(get("/api/v1/sources/bucket").body()).doesNotContain("very-secret-value");
        assertThat(get("/api/v1/sources").body()).doesNotContain("very-secret-value");
    }
}
