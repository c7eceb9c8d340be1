package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Backups over REST: a repository, a backup, verify, a restore as a new table, status and runs; problems. */
class BackupsApiIT extends ServerTestBase {
    @Test
    void backUpVerifyRestoreAndReadTheHistory() {
        sqlOk("CREATE TABLE ods.sales AS SELECT range AS id, range * 3 AS amount FROM range(100)");
        String url = home.resolveSibling(home.getFileName() + "-repo").toUri().toString();
        HttpResponse<String> added = post("/api/v1/backups/repos", body(Map.of("name", "api", "url", url, "passphrase", "a passphrase")));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(json(added).has("passphrase")).isFalse();
        assertThat(problem(post("/api/v1/backups/repos", body(Map.of("name", "again", "url", url))), 400).get("detail").asText())
                .contains("passphrase");

        HttpResponse<String> created = post("/api/v1/backups/repos/api/backups", body(Map.of("tables", List.of("ods.sales"), "tag", "api")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(json(created).get("tables").get(0).get("rows").asLong()).isEqualTo(100);

        assertThat(json(get("/api/v1/backups/repos/api/backups")).get(0).get("id").asText()).isEqualTo(id);
        JsonNode verified = json(post("/api/v1/backups/repos/api/verify", body(Map.of("readData", true))));
        assertThat(verified.get("problems")).isEmpty();

        JsonNode dry = json(post("/api/v1/backups/repos/api/backups/" + id + "/restore",
                body(Map.of("tables", List.of("ods.sales"), "as", "ods.sales_back", "dryRun", true))));
        assertThat(dry.get("tables").get(0).get("newTable").asBoolean()).isTrue();
        HttpResponse<String> restored = post("/api/v1/backups/repos/api/backups/" + id + "/restore",
                body(Map.of("tables", List.of("ods.sales"), "as", "ods.sales_back")));
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(sqlOk("SELECT sum(amount) AS s FROM ods.sales_back").toString()).contains("14850");

        JsonNode status = json(get("/api/v1/backups/repos/api/status"));
        assertThat(status.get("lastRestore").isNull()).isFalse();
        assertThat(json(get("/api/v1/backups/runs")).get(0).get("kind").asText()).isEqualTo("restore");
        assertThat(problem(get("/api/v1/backups/repos/api/backups/20200101-000000-abcdef"), 404).get("detail").asText())
                .contains("No backup 20200101-000000-abcdef");
        assertThat(problem(get("/api/v1/backups/repos/nope/backups"), 404).get("detail").asText()).contains("No backup repository nope");
    }
}
