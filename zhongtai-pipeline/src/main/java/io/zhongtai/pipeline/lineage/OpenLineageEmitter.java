package io.zhongtai.pipeline.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.spec.NodeSpec;
import io.zhongtai.pipeline.spec.PipelineGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Reports node runs as OpenLineage run events (START, then COMPLETE or FAIL) to the URL of {@code lineage} in
 * zhongtai.yaml, e.g. Marquez. The job is {@code <pipeline>.<node>}; inputs and outputs are the lakehouse tables the
 * node reads and writes, outputs with the column lineage of sql nodes. Delivery is best effort: a failed POST is
 * logged and never fails the run.
 */
public final class OpenLineageEmitter {
    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCER = "https://github.com/zhongtai/zhongtai";
    private static final String RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private static final String COLUMN_LINEAGE = "https://openlineage.io/spec/facets/1-1-0/ColumnLineageDatasetFacet.json";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ZhongtaiConfig.Lineage config;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public OpenLineageEmitter(ZhongtaiConfig.Lineage config, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The event types this emitter sends. */
    public enum EventType { START, COMPLETE, FAIL }

    /** Sends one event for a node of a run; nothing when no URL is configured. */
    public void emit(EventType type, String pipeline, String runId, NodeSpec node, PipelineGraph graph) {
        if (config.openLineageUrl().isEmpty()) {
            return;
        }
        String body = event(type, pipeline, runId, node, graph).toString();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(config.openLineageUrl().get()).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warn("OpenLineage endpoint {} answered HTTP {} for {} of {}.{}", config.openLineageUrl().get(), response.statusCode(), type,
                        pipeline, node.name());
            }
        } catch (IOException e) {
            LOG.warn("Cannot send OpenLineage event {} of {}.{} to {}: {}", type, pipeline, node.name(), config.openLineageUrl().get(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ObjectNode event(EventType type, String pipeline, String runId, NodeSpec node, PipelineGraph graph) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", type.name());
        event.put("eventTime", clock.instant().toString());
        // One OpenLineage run per node run: a stable UUID from the pipeline run and the node.
        event.putObject("run").put("runId", UUID.nameUUIDFromBytes((runId + "/" + node.name()).getBytes(StandardCharsets.UTF_8)).toString());
        event.putObject("job").put("namespace", config.namespace()).put("name", pipeline + "." + node.name());
        ArrayNode inputs = event.putArray("inputs");
        for (TableName table : graph.reads(node.name())) {
            dataset(inputs, table);
        }
        ArrayNode outputs = event.putArray("outputs");
        for (TableName table : node.writes()) {
            ObjectNode output = dataset(outputs, table);
            if (node instanceof NodeSpec.Sql) {
                graph.lineage(node.name()).ifPresent(lineage -> {
                    ObjectNode facet = output.putObject("facets").putObject("columnLineage");
                    facet.put("_producer", PRODUCER).put("_schemaURL", COLUMN_LINEAGE);
                    ObjectNode fields = facet.putObject("fields");
                    lineage.columnSources().forEach((column, sources) -> {
                        ArrayNode inputFields = fields.putObject(column).putArray("inputFields");
                        sources.forEach(source -> inputFields.addObject().put("namespace", config.namespace())
                                .put("name", source.table().toString()).put("field", source.column()));
                    });
                });
            }
        }
        event.put("producer", PRODUCER);
        event.put("schemaURL", RUN_EVENT);
        return event;
    }

    private ObjectNode dataset(ArrayNode list, TableName table) {
        return list.addObject().put("namespace", config.namespace()).put("name", table.toString());
    }
}
