package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines over REST: problems with their place, apply, a run the server's scheduler starts, lineage and quality. */
class PipelinesApiIT extends ServerTestBase {
    private static final String SPEC = """
            name: api
            nodes:
              - {name: doubled, kind: sql, output: dwd.doubled, sql: "SELECT id, id * 2 AS twice FROM ods.numbers",
                 quality: [{type: not_null, column: twice}]}
            """;

    @Test
    void badSpecsAreProblemsNamingTheirPlace() {
        HttpResponse<String> r = post("/api/v1/pipelines/validate", body(Map.of("file", "api.yaml",
                "yaml", "name: api\nnodes:\n  - {name: a, kind: sql, output: dwd.a, sql: SELECT * FROM ods.nothing}\n")));
        JsonNode problem = problem(r, 400);
        assertThat(problem.get("detail").asText()).contains("api.yaml:3:5: nodes[0]: reads ods.nothing, which does not exist");
        assertThat(problem(get("/api/v1/pipelines/nothing"), 404).get("detail").asText()).contains("Pipeline 'nothing' does not exist");
        assertThat(problem(post("/api/v1/pipelines/api/backfill", body(Map.of("from", "2026-13-01", "to", "2026-11-02"))), 400)
                .get("detail").asText()).contains("Field \"from\" must be a date yyyy-MM-dd, got '2026-13-01'");
    }

    @Test
    void applyRunAndInspect() throws InterruptedException {
        sqlOk("CREATE TABLE ods.numbers AS SELECT range AS id FROM range(5)");
        HttpResponse<String> applied = post("/api/v1/pipelines", body(Map.of("file", "api.yaml", "yaml", SPEC)));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(json(applied).get("version").asInt()).isEqualTo(1);

        HttpResponse<String> queued = post("/api/v1/pipelines/api/runs", body(Map.of("bizdate", "2026-11-01")));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = json(queued).get("id").asText();
        JsonNode run = json(get("/api/v1/pipeline-runs/" + id));
        for (int i = 0; i < 300 && !run.get("run").get("state").asText().matches("succeeded|failed"); i++) {
            Thread.sleep(100);
            run = json(get("/api/v1/pipeline-runs/" + id));
        }
        assertThat(run.get("run").get("state").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("nodes").get(0).get("rowsOut").asLong()).isEqualTo(5);
        assertThat(json(get("/api/v1/pipeline-runs/" + id + "/logs?node=doubled")).get("log").asText()).contains("passed not_null(twice)");
        assertThat(json(get("/api/v1/lineage?table=dwd.doubled&column=twice")).get("edges").get(0).get("sourceColumn").asText())
                .isEqualTo("id");
        assertThat(json(get("/api/v1/quality/dwd.doubled/results")).get("score").asDouble()).isEqualTo(1.0);
        JsonNode scores = json(get("/api/v1/quality")).get("tables");
        assertThat(scores).hasSize(1);
        assertThat(scores.get(0).get("table").asText()).isEqualTo("dwd.doubled");
        assertThat(scores.get(0).get("score").asDouble()).isEqualTo(1.0);
        assertThat(scores.get(0).get("rules").asInt()).isEqualTo(1);
        assertThat(scores.get(0).get("failed").asInt()).isZero();
        assertThat(json(get("/api/v1/pipelines")).get("pipelines").get(0).get("lastRunState").asText()).isEqualTo("succeeded");
    }
}
