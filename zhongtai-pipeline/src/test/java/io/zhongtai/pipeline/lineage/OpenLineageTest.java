package io.zhongtai.pipeline.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.zhongtai.core.PlatformFixture;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.store.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLineageTest {
    @Test
    void eachNodeRunIsReportedWithItsDatasetsAndColumnLineage(@TempDir Path home) throws IOException {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/lineage", exchange -> {
            events.add(new ObjectMapper().readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        Files.writeString(home.resolve("zhongtai.yaml"), "lineage:\n  openlineage-url: http://127.0.0.1:" + server.getAddress().getPort()
                + "/api/v1/lineage\n  namespace: test\n");
        try (PlatformFixture f = new PlatformFixture(home)) {
            f.run("CREATE TABLE ods.items AS SELECT * FROM (VALUES (1, 2.5)) t(id, price)");
            PipelineService service = new PipelineService(f.platform, Clock.systemUTC());
            service.apply(f.session, "ol.yaml", """
                    name: ol
                    nodes:
                      - {name: priced, kind: sql, output: dwd.priced, sql: "SELECT id, price * 2 AS double_price FROM ods.items"}
                      - {name: broken, kind: sql, output: dwd.broken, sql: "SELECT CAST('x' AS INTEGER) AS x FROM dwd.priced"}
                    """);

            assertThat(service.runNow(f.session, "ol", Optional.of(LocalDate.of(2026, 11, 1))).state()).isEqualTo(RunState.FAILED);
        } finally {
            server.stop(0);
        }
        assertThat(events).extracting(e -> e.get("job").get("name").asText() + " " + e.get("eventType").asText())
                .containsExactly("ol.priced START", "ol.priced COMPLETE", "ol.broken START", "ol.broken FAIL");
        JsonNode complete = events.get(1);
        assertThat(complete.get("job").get("namespace").asText()).isEqualTo("test");
        assertThat(complete.get("run").get("runId").asText()).isEqualTo(events.get(0).get("run").get("runId").asText());
        assertThat(complete.get("inputs").get(0).get("name").asText()).isEqualTo("ods.items");
        JsonNode output = complete.get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("dwd.priced");
        JsonNode field = output.get("facets").get("columnLineage").get("fields").get("double_price").get("inputFields").get(0);
        assertThat(field.get("name").asText() + "." + field.get("field").asText()).isEqualTo("ods.items.price");
        assertThat(complete.get("schemaURL").asText()).contains("OpenLineage.json");
    }
}
