package io.zhongtai.server.sources;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.integration.ConnectorType;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SourceInfo;
import io.zhongtai.core.integration.SyncHistory;
import io.zhongtai.core.session.Session;
import io.zhongtai.server.web.Durations;
import io.zhongtai.server.web.Require;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Sources: register, inspect, test, browse and remove. Secret options are accepted only in {@code secrets} and never returned. */
@Tag(name = "sources", description = "Registered sources and connector types")
@RestController
@RequestMapping("/api/v1")
public class SourceController {
    private final IntegrationService integration;

    public SourceController(Platform platform) {
        this.integration = platform.integration();
    }

    public record AddSourceRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
                                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
                                   Map<String, String> options,
                                   @Schema(description = "Secret options (passwords, tokens): stored encrypted, shown masked") Map<String, String> secrets,
                                   String description) {
    }

    public record TestResult(String source, boolean reachable, long millis) {
    }

    @Operation(operationId = "listConnectorTypes", summary = "Connector types and their declared options")
    @GetMapping("/connectors")
    public List<ConnectorType> types(Identity caller) {
        return integration.connectorTypes();
    }

    @Operation(operationId = "listSources", summary = "List sources (secrets masked)")
    @GetMapping("/sources")
    public List<SourceInfo> list(Identity caller) {
        return integration.sources(Session.of(caller));
    }

    @Operation(operationId = "addSource", summary = "Register a source; every invalid option is reported at once")
    @ApiResponse(responseCode = "201", description = "Created")
    @PostMapping("/sources")
    public ResponseEntity<SourceInfo> add(@RequestBody AddSourceRequest request, Identity caller) {
        SourceInfo info = integration.addSource(Session.of(caller), Require.field(request.name(), "name"), Require.field(request.type(), "type"),
                request.options() == null ? Map.of() : request.options(), request.secrets() == null ? Map.of() : request.secrets(),
                request.description());
        return ResponseEntity.status(HttpStatus.CREATED).body(info);
    }

    @Operation(operationId = "getSource", summary = "A source's type and options (secrets masked)")
    @GetMapping("/sources/{name}")
    public SourceInfo get(@PathVariable String name, Identity caller) {
        return integration.source(Session.of(caller), name);
    }

    @Operation(operationId = "removeSource", summary = "Remove a source and its sync state (synced tables stay)")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/sources/{name}")
    public ResponseEntity<Void> remove(@PathVariable String name, Identity caller) {
        integration.removeSource(Session.of(caller), name);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "testSource", summary = "Connect and check credentials (502 with the reason when it fails)")
    @PostMapping("/sources/{name}/test")
    public TestResult test(@PathVariable String name, @RequestParam(required = false) String timeout, Identity caller) {
        Duration limit = timeout == null ? Duration.ofSeconds(10) : Durations.parse(timeout, "timeout");
        Duration took = integration.testSource(Session.of(caller), name, limit);
        return new TestResult(name, true, took.toMillis());
    }

    @Operation(operationId = "listSourceNamespaces", summary = "The source's namespaces (schemas, databases)")
    @GetMapping("/sources/{name}/namespaces")
    public List<String> namespaces(@PathVariable String name, Identity caller) {
        return integration.browseNamespaces(Session.of(caller), name);
    }

    @Operation(operationId = "listSourceTables", summary = "Tables (topics, queues, files) of one namespace of the source")
    @GetMapping("/sources/{name}/namespaces/{namespace}/tables")
    public List<TableId> tables(@PathVariable String name, @PathVariable String namespace, Identity caller) {
        return integration.browseTables(Session.of(caller), name, namespace);
    }

    @Operation(operationId = "listSourceTablesWithoutNamespace", summary = "Tables of a source whose tables have no namespace (topics, queues, files)")
    @GetMapping("/sources/{name}/tables")
    public List<TableId> tablesWithoutNamespace(@PathVariable String name, Identity caller) {
        return integration.browseTables(Session.of(caller), name, "");
    }

    @Operation(operationId = "describeSourceTable", summary = "Columns, types and primary key of a source table ([namespace.]table)")
    @GetMapping("/sources/{name}/tables/{table}")
    public TableSchema describe(@PathVariable String name, @PathVariable String table, Identity caller) {
        return integration.describe(Session.of(caller), name, table);
    }

    @Operation(operationId = "getSourceSyncState", summary = "Per synced table: target, mode, stored position, rows, last commit")
    @GetMapping("/sources/{name}/status")
    public List<SyncHistory.TableState> status(@PathVariable String name, Identity caller) {
        return integration.syncStates(Session.of(caller), name);
    }
}
