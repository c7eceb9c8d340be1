package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.auth.Identity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints the web console needs: me, overview, completion columns, query cancel, saved queries and dashboards,
 * table descriptions and a table's quality rules. Tests that create tables drop them again: the overview counts them all.
 */
class ConsoleApiIT extends ServerTestBase {
    private static final String SLOW_QUERY = "SELECT count(*) FROM range(0, 10000000000)";

    @Test
    void meNamesTheToken() {
        JsonNode me = json(get("/api/v1/me"));
        assertThat(me.get("name").asText()).isEqualTo("it");
        assertThat(me.get("token").asText()).isEqualTo("it");
        assertThat(me.get("principal").asText()).isEqualTo("token:it");
        assertThat(problem(send(request("/api/v1/me", "zt_wrong").GET().build()), 401).get("detail").asText())
                .isEqualTo("Invalid or revoked token");
    }

    @Test
    void theConsolesFilesArePublicButDoNotOpenTheApi() {
        HttpResponse<String> index = send(request("/", null).GET().build());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self';"));
        assertThat(send(request("/console/app.js", null).GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> library = send(request("/_static/htm/3.1.1/preact/standalone.module.js", null).GET().build());
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("immutable"));
        assertThat(send(request("/webjars/echarts/5.5.0/echarts.min.js", null).GET().build()).statusCode()).isEqualTo(200);
        for (String sneaky : List.of("/console/%2e%2e/api/v1/sources", "/console/..;/api/v1/sources", "/webjars/%2E%2E/api/v1/me")) {
            assertThat(send(request(sneaky, null).GET().build()).statusCode()).as(sneaky).isIn(400, 401, 404);
        }
        assertThat(send(request("/api/v1/sources", null).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void overviewAndCompletionColumnsReadOnlyMetadata() throws IOException {
        sqlOk("CREATE TABLE ods.orders AS SELECT range AS id, range * 10 AS amount, 'o' || range AS code FROM range(100)");
        sqlOk("CREATE TABLE dwd.empty (day DATE, total DECIMAL(12, 2))");
        String rules = """
                - {type: range, name: amount_small, column: amount, max: 900, severity: warn}
                - {type: range, name: id_small, column: id, max: 89, severity: block}
                - {type: not_null, name: id_present, column: id}
                """;
        assertThat(json(post("/api/v1/quality/ods.orders/checks", body(Map.of("rules", rules)))).get("passed").asBoolean()).isFalse();
        sqlOk("DELETE FROM ods.orders WHERE amount > 900");
        JsonNode second = json(post("/api/v1/quality/ods.orders/checks", body(Map.of())));
        assertThat(second.get("results").toString()).contains("\"failingRows\":0");

        String goodRepo = home.resolveSibling(home.getFileName() + "-console-repo").toUri().toString();
        Path brokenDir = home.resolveSibling(home.getFileName() + "-console-broken");
        assertThat(post("/api/v1/backups/repos", body(Map.of("name", "good", "url", goodRepo, "passphrase", "a passphrase"))).statusCode())
                .isEqualTo(201);
        assertThat(post("/api/v1/backups/repos", body(Map.of("name", "broken", "url", brokenDir.toUri().toString(),
                "passphrase", "a passphrase"))).statusCode()).isEqualTo(201);
        deleteTree(brokenDir);
        HttpResponse<String> backup = post("/api/v1/backups/repos/good/backups", body(Map.of("tables", List.of("ods.orders"))));
        assertThat(backup.statusCode()).as(backup.body()).isEqualTo(201);
        String backupId = json(backup).get("id").asText();

        String spec = """
                name: orders_checked
                nodes:
                  - {name: check, kind: quality, table: ods.orders, rules: [{type: row_count, name: orders_present, min: 1}]}
                """;
        assertThat(post("/api/v1/pipelines", body(Map.of("file", "orders.yaml", "yaml", spec))).statusCode()).isEqualTo(200);
        HttpResponse<String> queued = post("/api/v1/pipelines/orders_checked/runs", body(Map.of("bizdate", "2026-11-01")));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);

        JsonNode overview = json(get("/api/v1/overview"));
        assertThat(overview.get("sources").asInt()).isZero();
        assertThat(overview.get("namespaces").asInt()).isEqualTo(4);
        assertThat(overview.get("tables").asInt()).isEqualTo(2);
        assertThat(overview.get("rows").asLong()).isEqualTo(91);
        assertThat(overview.get("bytes").asLong()).isEqualTo(json(get("/api/v1/tables/ods.orders")).get("bytes").asLong());
        JsonNode newestRun = overview.get("recentRuns").get(0);
        assertThat(newestRun.get("id").asText()).isEqualTo(json(queued).get("id").asText());
        assertThat(newestRun.get("pipeline").asText()).isEqualTo("orders_checked");
        assertThat(newestRun.get("bizdate").asText()).isEqualTo("2026-11-01");
        JsonNode failing = overview.get("failingRules");
        assertThat(failing).hasSize(1);
        assertThat(failing.get(0).get("table").asText()).isEqualTo("ods.orders");
        assertThat(failing.get(0).get("rule").asText()).isEqualTo("id_small");
        assertThat(failing.get(0).get("type").asText()).isEqualTo("range");
        assertThat(failing.get(0).get("severity").asText()).isEqualTo("block");
        assertThat(failing.get(0).get("failingRows").asLong()).isEqualTo(1);
        assertThat(failing.get(0).get("checkedAt").asText()).isNotBlank();

        JsonNode repos = overview.get("backups");
        assertThat(repos).hasSize(2);
        JsonNode broken = repos.get(0);
        assertThat(broken.get("repo").asText()).isEqualTo("broken");
        assertThat(broken.get("error").asText()).isEqualTo("Cannot read backup repository broken: Cannot open backup repository file://"
                + brokenDir + ": no repository there (no config)");
        assertThat(broken.has("tables")).isFalse();
        JsonNode good = repos.get(1);
        assertThat(good.get("repo").asText()).isEqualTo("good");
        assertThat(good.has("error")).isFalse();
        assertThat(good.get("newest").asText()).isNotBlank();
        Map<String, JsonNode> points = new LinkedHashMap<>();
        good.get("tables").forEach(t -> points.put(t.get("table").asText(), t));
        assertThat(points.keySet()).containsExactly("dwd.empty", "ods.orders");
        assertThat(points.get("dwd.empty").get("ageSeconds").isNull()).isTrue();
        assertThat(points.get("ods.orders").get("backupId").asText()).isEqualTo(backupId);
        assertThat(points.get("ods.orders").get("ageSeconds").asLong()).isBetween(0L, 60L);

        JsonNode columns = json(get("/api/v1/catalog/columns"));
        assertThat(columns.toString()).isEqualTo("[{\"namespace\":\"dwd\",\"table\":\"empty\",\"columns\":["
                + "{\"name\":\"day\",\"type\":\"DATE\"},{\"name\":\"total\",\"type\":\"DECIMAL(12,2)\"}]},"
                + "{\"namespace\":\"ods\",\"table\":\"orders\",\"columns\":["
                + "{\"name\":\"id\",\"type\":\"BIGINT\"},{\"name\":\"amount\",\"type\":\"BIGINT\"},{\"name\":\"code\",\"type\":\"VARCHAR\"}]}]");
    }

    @Test
    void aRunningQueryIsCancelledByItsId() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() ->
                post("/api/v1/sql", body(Map.of("sql", SLOW_QUERY, "queryId", "slow-1"))));
        HttpResponse<String> cancelled = null;
        for (int i = 0; i < 100 && (cancelled == null || cancelled.statusCode() == 404); i++) {
            Thread.sleep(100);
            cancelled = delete("/api/v1/sql/queries/slow-1");
        }
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(204);
        HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
        JsonNode problem = problem(answer, 409);
        assertThat(problem.get("detail").asText()).isEqualTo("Query slow-1 was cancelled");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/sql");

        assertThat(problem(delete("/api/v1/sql/queries/slow-1"), 404).get("detail").asText())
                .isEqualTo("No running query slow-1: it finished, never started, or was started by another token");
        assertThat(sqlOk("SELECT 6 * 7 AS answer").get("rows").get(0).get(0).asInt()).isEqualTo(42);
        assertThat(problem(post("/api/v1/sql", body(Map.of("sql", "SELECT 1", "queryId", "no spaces"))), 400).get("detail").asText())
                .isEqualTo("Invalid value for 'queryId': 'no spaces', expected 1 to 64 letters, digits, '_' or '-'");
        assertThat(json(post("/api/v1/sql", body(Map.of("sql", "SELECT 1 AS one", "queryId", "quick")))).get("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void anotherTokenCannotCancelMyQuery() throws Exception {
        String other = platform.tokens().create("cancel-other", Identity.localUser()).secret();
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() ->
                post("/api/v1/sql", body(Map.of("sql", SLOW_QUERY, "queryId", "mine"))));
        HttpResponse<String> mine = null;
        for (int i = 0; i < 100 && (mine == null || mine.statusCode() == 404); i++) {
            Thread.sleep(100);
            assertThat(send(request("/api/v1/sql/queries/mine", other).DELETE().build()).statusCode()).isEqualTo(404);
            mine = delete("/api/v1/sql/queries/mine");
        }
        assertThat(mine.statusCode()).isEqualTo(204);
        assertThat(problem(slow.get(30, TimeUnit.SECONDS), 409).get("detail").asText()).isEqualTo("Query mine was cancelled");
    }

    @Test
    void savedQueriesAndDashboards() {
        String other = platform.tokens().create("console-other", Identity.localUser()).secret();
        Map<String, Object> chart = Map.of("type", "bar", "x", "day", "y", List.of("total"));
        HttpResponse<String> created = post("/api/v1/saved-queries", body(Map.of("name", "daily totals",
                "sql", "SELECT day, sum(total) AS total FROM dwd.daily GROUP BY day", "namespace", "dwd", "chart", chart)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode saved = json(created);
        String queryId = saved.get("id").asText();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/saved-queries/" + queryId);
        assertThat(saved.get("name").asText()).isEqualTo("daily totals");
        assertThat(saved.get("namespace").asText()).isEqualTo("dwd");
        assertThat(saved.get("chart").toString()).isEqualTo("{\"type\":\"bar\",\"x\":\"day\",\"y\":[\"total\"],\"series\":null}");
        assertThat(saved.get("owner").asText()).isEqualTo("token:it");
        assertThat(saved.get("createdAt").asText()).isEqualTo(saved.get("updatedAt").asText());

        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "daily totals", "sql", "SELECT 1"))), 409)
                .get("detail").asText()).isEqualTo("Cannot save query 'daily totals': token:it already has one of that name");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "q", "sql", "SELECT 1",
                "chart", Map.of("type", "donut")))), 400).get("detail").asText())
                .isEqualTo("Invalid value for 'chart.type': 'donut', expected one of bar, line, area, pie, scatter, table");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "q", "sql", "SELECT 1",
                "chart", Map.of("type", "line", "y", List.of("a"))))), 400).get("detail").asText())
                .isEqualTo("Missing required field 'chart.x': a line chart needs the result column of its x axis");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "q", "sql", "SELECT 1",
                "chart", Map.of("type", "pie", "x", "a")))), 400).get("detail").asText())
                .isEqualTo("Missing required field 'chart.y': a pie chart needs at least one result column to plot");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "q"))), 400).get("detail").asText())
                .isEqualTo("Missing required field 'sql'");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("sql", "SELECT 1"))), 400).get("detail").asText())
                .isEqualTo("Missing required field 'name'");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "q", "sql", "SELECT 1; SELECT 2"))), 400)
                .get("detail").asText()).isEqualTo("Invalid value for 'sql': expected one statement, found 2");
        assertThat(problem(post("/api/v1/saved-queries", body(Map.of("name", "q", "sql", "SELECT 1", "owner", "x"))), 400)
                .get("detail").asText()).startsWith("Unknown field 'owner' in request body");

        // Names are unique per owner: another token may reuse one, and cannot change or delete mine.
        HttpResponse<String> theirs = send(request("/api/v1/saved-queries", other).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(Map.of("name", "daily totals", "sql", "SELECT 2")))).build());
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);
        String theirId = json(theirs).get("id").asText();
        HttpResponse<String> forbidden = send(request("/api/v1/saved-queries/" + queryId, other).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body(Map.of("name", "mine now", "sql", "SELECT 3")))).build());
        assertThat(problem(forbidden, 403).get("detail").asText())
                .isEqualTo("Cannot change saved query 'daily totals': only its owner token:it may");
        assertThat(problem(send(request("/api/v1/saved-queries/" + queryId, other).DELETE().build()), 403).get("detail").asText())
                .isEqualTo("Cannot delete saved query 'daily totals': only its owner token:it may");

        JsonNode updated = json(put("/api/v1/saved-queries/" + queryId, body(Map.of("name", "daily totals",
                "sql", "SELECT day, sum(total) AS total, region FROM dwd.daily GROUP BY day, region",
                "chart", Map.of("type", "LINE", "x", "day", "y", List.of("total"), "series", "region")))));
        assertThat(updated.get("chart").toString())
                .isEqualTo("{\"type\":\"line\",\"x\":\"day\",\"y\":[\"total\"],\"series\":\"region\"}");
        assertThat(updated.get("namespace").isNull()).isTrue();
        assertThat(updated.get("createdAt").asText()).isEqualTo(saved.get("createdAt").asText());
        assertThat(json(get("/api/v1/saved-queries/" + queryId)).get("sql").asText()).contains("region");
        List<String> owners = json(get("/api/v1/saved-queries")).findValuesAsText("owner");
        assertThat(owners).containsExactlyInAnyOrder("token:it", "token:console-other");
        assertThat(problem(get("/api/v1/saved-queries/nope"), 404).get("detail").asText()).isEqualTo("Saved query does not exist: nope");

        Map<String, Object> cell = Map.of("query", queryId, "x", 0, "y", 0, "w", 6, "h", 4);
        HttpResponse<String> dashboard = post("/api/v1/dashboards", body(Map.of("name", "sales", "layout", List.of(cell),
                "refreshSeconds", 30)));
        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(201);
        String dashboardId = json(dashboard).get("id").asText();
        JsonNode view = json(get("/api/v1/dashboards/" + dashboardId));
        assertThat(view.get("refreshSeconds").asInt()).isEqualTo(30);
        assertThat(view.get("owner").asText()).isEqualTo("token:it");
        JsonNode placed = view.get("layout").get(0);
        assertThat(placed.get("query").asText()).isEqualTo(queryId);
        assertThat(List.of(placed.get("x").asInt(), placed.get("y").asInt(), placed.get("w").asInt(), placed.get("h").asInt()))
                .containsExactly(0, 0, 6, 4);
        assertThat(placed.get("name").asText()).isEqualTo("daily totals");
        assertThat(placed.get("sql").asText()).isEqualTo("SELECT day, sum(total) AS total, region FROM dwd.daily GROUP BY day, region");
        assertThat(placed.get("chart").get("series").asText()).isEqualTo("region");
        assertThat(json(get("/api/v1/dashboards")).get(0).get("layout").get(0).toString())
                .isEqualTo("{\"query\":\"" + queryId + "\",\"x\":0,\"y\":0,\"w\":6,\"h\":4}");

        assertThat(problem(post("/api/v1/dashboards", body(Map.of("name", "fast", "refreshSeconds", 3))), 400).get("detail").asText())
                .isEqualTo("Invalid value for 'refreshSeconds': 3, expected 0 (off) or 5 to 86400");
        assertThat(problem(post("/api/v1/dashboards", body(Map.of("name", "ghost", "layout",
                List.of(cell, Map.of("query", "missing", "x", 6, "y", 0, "w", 6, "h", 4))))), 400).get("detail").asText())
                .isEqualTo("Invalid value for 'layout[1].query': saved query missing does not exist");
        assertThat(problem(post("/api/v1/dashboards", body(Map.of("name", "narrow", "layout",
                List.of(Map.of("query", queryId, "x", 0, "y", 0, "h", 4))))), 400).get("detail").asText())
                .isEqualTo("Missing required field 'layout[0].w'");
        assertThat(problem(post("/api/v1/dashboards", body(Map.of("name", "sales"))), 409).get("detail").asText())
                .isEqualTo("Cannot save dashboard 'sales': token:it already has one of that name");

        assertThat(problem(delete("/api/v1/saved-queries/" + queryId), 409).get("detail").asText())
                .isEqualTo("Cannot delete saved query 'daily totals': dashboard(s) 'sales' show it; remove it from their layout first");
        assertThat(problem(send(request("/api/v1/dashboards/" + dashboardId, other).DELETE().build()), 403).get("detail").asText())
                .isEqualTo("Cannot delete dashboard 'sales': only its owner token:it may");
        JsonNode emptied = json(put("/api/v1/dashboards/" + dashboardId, body(Map.of("name", "sales", "layout", List.of()))));
        assertThat(emptied.get("layout")).isEmpty();
        assertThat(emptied.get("refreshSeconds").asInt()).isZero();
        assertThat(delete("/api/v1/saved-queries/" + queryId).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/dashboards/" + dashboardId).statusCode()).isEqualTo(204);
        assertThat(problem(get("/api/v1/dashboards/" + dashboardId), 404).get("detail").asText())
                .isEqualTo("Dashboard does not exist: " + dashboardId);
        assertThat(send(request("/api/v1/saved-queries/" + theirId, other).DELETE().build()).statusCode()).isEqualTo(204);
    }

    @Test
    void tablesKeepOwnerDescriptionAndTags() {
        sqlOk("CREATE TABLE ods.described (id BIGINT)");
        JsonNode info = json(patch("/api/v1/tables/ods.described", body(Map.of("owner", "sales team", "description", "  One row per order. ",
                "tags", List.of("pii", "tier:gold", "pii")))));
        assertThat(info.get("owner").asText()).isEqualTo("sales team");
        assertThat(info.get("description").asText()).isEqualTo("One row per order.");
        assertThat(info.get("tags").toString()).isEqualTo("[\"pii\",\"tier:gold\"]");
        assertThat(info.get("properties").get("comment").asText()).isEqualTo("One row per order.");
        assertThat(info.get("properties").get("zhongtai.tags").asText()).isEqualTo("pii,tier:gold");

        JsonNode retagged = json(patch("/api/v1/tables/ods.described", body(Map.of("tags", List.of("finance")))));
        assertThat(retagged.get("owner").asText()).isEqualTo("sales team");
        assertThat(retagged.get("tags").toString()).isEqualTo("[\"finance\"]");
        JsonNode cleared = json(patch("/api/v1/tables/ods.described", body(Map.of("description", "", "tags", List.of()))));
        assertThat(cleared.get("description").isNull()).isTrue();
        assertThat(cleared.get("tags")).isEmpty();
        assertThat(cleared.get("properties").has("comment")).isFalse();
        assertThat(json(get("/api/v1/tables/ods.described")).get("owner").asText()).isEqualTo("sales team");

        assertThat(problem(patch("/api/v1/tables/ods.described", body(Map.of("tags", List.of("ok", "not ok")))), 400).get("detail").asText())
                .isEqualTo("Invalid tag 'not ok': expected 1 to 40 letters, digits, '_', '-', '.' or ':'");
        assertThat(problem(patch("/api/v1/tables/ods.nothing", body(Map.of("owner", "x"))), 404).get("detail").asText())
                .isEqualTo("Table does not exist: ods.nothing");
        sqlOk("DROP TABLE ods.described");
    }

    @Test
    void qualityRulesOfATableComeFromItAndFromPipelineNodes() {
        sqlOk("CREATE TABLE ods.ruled AS SELECT range AS id FROM range(3)");
        sqlOk("CREATE TABLE dwd.ruled_out (id BIGINT)");
        String rules = "- {type: not_null, name: id_present, column: id, severity: warn}\n- {type: unique, column: id}\n";
        assertThat(json(post("/api/v1/quality/ods.ruled/checks", body(Map.of("rules", rules)))).get("passed").asBoolean()).isTrue();
        String spec = """
                name: ruled
                nodes:
                  - {name: copy, kind: sql, output: dwd.ruled_out, sql: "SELECT id FROM ods.ruled",
                     quality: [{type: range, column: id, min: 0}]}
                """;
        assertThat(post("/api/v1/pipelines", body(Map.of("file", "ruled.yaml", "yaml", spec))).statusCode()).isEqualTo(200);

        assertThat(get("/api/v1/quality/ods.ruled/rules").body()).isEqualTo("[{\"rule\":\"id_present\",\"type\":\"not_null\","
                + "\"severity\":\"warn\",\"definition\":\"id is not null\",\"source\":\"table\"},{\"rule\":\"unique(id)\","
                + "\"type\":\"unique\",\"severity\":\"block\",\"definition\":\"id is unique\",\"source\":\"table\"}]");
        JsonNode nodeRules = json(get("/api/v1/quality/dwd.ruled_out/rules"));
        assertThat(nodeRules).hasSize(1);
        assertThat(nodeRules.get(0).get("type").asText()).isEqualTo("range");
        assertThat(nodeRules.get(0).get("source").asText()).isEqualTo("pipeline ruled node copy");
        assertThat(problem(get("/api/v1/quality/ods.nothing/rules"), 404).get("detail").asText()).isEqualTo("Table does not exist: ods.nothing");
        sqlOk("DROP TABLE ods.ruled");
        sqlOk("DROP TABLE dwd.ruled_out");
    }

    private HttpResponse<String> patch(String path, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
