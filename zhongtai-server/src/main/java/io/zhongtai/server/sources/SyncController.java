package io.zhongtai.server.sources;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.ExportResult;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SyncJobs;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.session.Session;
import io.zhongtai.server.web.Durations;
import io.zhongtai.server.web.Require;
import io.zhongtai.spi.connector.WriteMode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Syncs and exports. A sync with {@code wait: true} runs within the request and answers with its result; otherwise it
 * runs as a managed job (CDC and followed streams always do) that can be listed and stopped.
 */
@Tag(name = "sync", description = "Sync sources into the lakehouse; export tables into sources")
@RestController
@RequestMapping("/api/v1")
public class SyncController {
    private final IntegrationService integration;

    public SyncController(Platform platform) {
        this.integration = platform.integration();
    }

    public record SyncRequestBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String source, List<String> tables, Boolean all,
                                  @Schema(description = "Lakehouse namespace, default ods") String into,
                                  @Schema(description = "full (default), incremental or cdc") String mode, String cursor,
                                  Integer parallelism, Boolean follow,
                                  @Schema(description = "Streams and cdc: commit at least this often, default 1s") String commitInterval,
                                  @Schema(description = "Run within the request and answer with the result (not for cdc or follow)") Boolean waitForResult) {
    }

    public record ExportRequestBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String query,
                                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String to,
                                    String table, @Schema(description = "append (default), overwrite or upsert") String mode,
                                    List<String> keys) {
    }

    @Operation(operationId = "startSync", summary = "Sync tables of a source: as a job (202), or with waitForResult=true within the request (200)")
    @ApiResponse(responseCode = "202", description = "Started as a job")
    @PostMapping("/syncs")
    public ResponseEntity<?> start(@RequestBody SyncRequestBody body, Identity caller) {
        SyncMode mode = body.mode() == null ? SyncMode.FULL : SyncMode.parse(body.mode());
        boolean follow = body.follow() != null ? body.follow() : mode == SyncMode.CDC;
        boolean all = Boolean.TRUE.equals(body.all());
        if (all == (body.tables() != null && !body.tables().isEmpty())) {
            throw ZhongtaiException.invalid("Say which tables to sync: either \"tables\" or \"all\": true");
        }
        SyncRequest request = new SyncRequest(Require.field(body.source(), "source"), body.tables(), all, body.into(), mode,
                Optional.ofNullable(body.cursor()), body.parallelism() == null ? Math.max(2, Runtime.getRuntime().availableProcessors())
                : Require.between(body.parallelism(), 2, 1, 64, "parallelism"), follow,
                body.commitInterval() == null ? null : Durations.parse(body.commitInterval(), "commitInterval"));
        Session session = Session.of(caller);
        if (Boolean.TRUE.equals(body.waitForResult())) {
            if (follow) {
                throw ZhongtaiException.invalid("A following sync (cdc or follow) cannot run with waitForResult: start it as a job");
            }
            SyncResult result = integration.sync(session, request, SyncListener.NONE, new AtomicBoolean());
            return ResponseEntity.ok(result);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(integration.startSyncJob(session, request));
    }

    @Operation(operationId = "listSyncJobs", summary = "Sync jobs of this server, newest first")
    @GetMapping("/syncs")
    public List<SyncJobs.JobInfo> jobs(Identity caller) {
        return integration.syncJobs(Session.of(caller));
    }

    @Operation(operationId = "getSyncJob", summary = "One sync job: state, rows read, commits, result")
    @GetMapping("/syncs/{id}")
    public SyncJobs.JobInfo job(@PathVariable String id, Identity caller) {
        return integration.syncJob(Session.of(caller), id);
    }

    @Operation(operationId = "stopSyncJob", summary = "Stop a sync job after its current batch is committed (waits up to 30 s)")
    @DeleteMapping("/syncs/{id}")
    public SyncJobs.JobInfo stop(@PathVariable String id, Identity caller) {
        return integration.stopSyncJob(Session.of(caller), id, Duration.ofSeconds(30));
    }

    @Operation(operationId = "export", summary = "Write a table or SELECT result into a source")
    @PostMapping("/exports")
    public ExportResult export(@RequestBody ExportRequestBody body, Identity caller) {
        WriteMode mode;
        try {
            mode = body.mode() == null ? WriteMode.APPEND : WriteMode.valueOf(body.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ZhongtaiException.invalid("Unknown export mode '%s': use append, overwrite or upsert", body.mode());
        }
        return integration.export(Session.of(caller), new ExportRequest(Require.field(body.query(), "query"), Require.field(body.to(), "to"),
                body.table(), mode, body.keys()), n -> { });
    }
}
