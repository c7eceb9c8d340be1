package io.zhongtai.server.tables;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.MaintenanceResult;
import io.zhongtai.core.session.PartitionInfo;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.session.SnapshotInfo;
import io.zhongtai.core.session.TableDescription;
import io.zhongtai.core.session.TableInfo;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.server.sql.SqlResponse;
import io.zhongtai.server.web.Durations;
import io.zhongtai.server.web.JsonValues;
import io.zhongtai.server.web.Require;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One table: metadata, history, time-travel preview, maintenance and file upload. */
@Tag(name = "tables", description = "Table metadata, history, time travel, maintenance and upload; {table} is namespace.table")
@RestController
@RequestMapping("/api/v1/tables/{table}")
public class TableController {
    public static final int DEFAULT_PREVIEW_ROWS = 100;
    public static final int MAX_PREVIEW_ROWS = 100_000;
    /** Iceberg's default maximum snapshot age. */
    static final String DEFAULT_EXPIRE_OLDER_THAN = "5d";
    /** Iceberg's default age for orphan-file removal: older than any write still in progress. */
    static final String DEFAULT_CLEAN_OLDER_THAN = "3d";

    private final Platform platform;

    public TableController(Platform platform) {
        this.platform = platform;
    }

    public record TagRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
                             @Schema(description = "Snapshot to tag; default the current one", nullable = true) Long snapshotId) {
    }

    public record DescribeRequest(@Schema(description = "Who answers for the table; blank removes it") String owner,
                                  @Schema(description = "What the table holds (the `comment` property); blank removes it") String description,
                                  @Schema(description = "1 to 40 letters, digits, '_', '-', '.' or ':' each; [] removes them") List<String> tags) {
    }

    public record RollbackRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long snapshotId) {
    }

    public record ExpireRequest(
            @Schema(description = "Expire snapshots older than this: ISO-8601 (P7D) or 7d, 12h, 30m", defaultValue = DEFAULT_EXPIRE_OLDER_THAN)
            String olderThan,
            @Schema(description = "Always keep at least this many snapshots", defaultValue = "1") Integer retainLast) {
    }

    public record CleanRequest(
            @Schema(description = "Only files older than this: ISO-8601 (P3D) or 3d, 1h", defaultValue = DEFAULT_CLEAN_OLDER_THAN)
            String olderThan,
            @Schema(description = "Only report what would be deleted", defaultValue = "false") Boolean dryRun) {
    }

    @Operation(operationId = "getTable", summary = "Table metadata: schema, partitioning, properties, size")
    @GetMapping
    public TableInfo info(@PathVariable String table, Identity caller) {
        return platform.sessions().table(session(caller), name(table));
    }

    @Operation(operationId = "describeTable", summary = "Set the table's owner, description and tags; fields left out stay as they are")
    @PatchMapping
    public TableInfo describe(@PathVariable String table, @RequestBody DescribeRequest request, Identity caller) {
        return platform.sessions().describe(session(caller), name(table),
                new TableDescription(request.owner(), request.description(), request.tags()));
    }

    @Operation(operationId = "listSnapshots", summary = "Snapshot history, oldest first")
    @GetMapping("/snapshots")
    public List<SnapshotInfo> snapshots(@PathVariable String table, Identity caller) {
        return platform.sessions().history(session(caller), name(table));
    }

    @Operation(operationId = "listPartitions", summary = "Partitions of the current snapshot")
    @GetMapping("/partitions")
    public List<PartitionInfo> partitions(@PathVariable String table, Identity caller) {
        return platform.sessions().partitions(session(caller), name(table));
    }

    @Operation(operationId = "listFiles", summary = "Data files of the current snapshot")
    @GetMapping("/files")
    public List<FileInfo> files(@PathVariable String table, Identity caller) {
        return platform.sessions().files(session(caller), name(table));
    }

    @Operation(operationId = "previewRows", summary = "Preview rows, optionally time-travelling",
            description = "Same shape as POST /api/v1/sql, never with a cursor: hasMore says whether rows beyond limit exist.")
    @GetMapping(path = "/rows", produces = MediaType.APPLICATION_JSON_VALUE)
    public SqlResponse rows(@PathVariable String table,
                            @Parameter(description = "Snapshot id or tag") @RequestParam(required = false) String version,
                            @Parameter(description = "Point in time, e.g. 2024-01-02 03:04:05+00") @RequestParam(required = false) String timestamp,
                            @RequestParam(required = false) Integer limit, Identity caller) {
        long started = System.nanoTime();
        int max = Require.between(limit, DEFAULT_PREVIEW_ROWS, 0, MAX_PREVIEW_ROWS, "limit");
        try (SqlResult result = platform.sessions().preview(session(caller), name(table), blankToNull(version),
                blankToNull(timestamp), max + 1)) {
            int width = result.columns().size();
            List<List<Object>> rows = new ArrayList<>();
            boolean more = false;
            while (result.next()) {
                if (rows.size() == max) {
                    more = true;
                    break;
                }
                List<Object> row = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    row.add(JsonValues.plain(result.get(i)));
                }
                rows.add(row);
            }
            return new SqlResponse(result.columns(), rows, rows.size(), more, null, null,
                    rows.size() + (rows.size() == 1 ? " row" : " rows") + (more ? ", more available" : ""),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Operation(operationId = "tagSnapshot", summary = "Tag a snapshot (default the current one); an existing tag is moved")
    @PostMapping("/tags")
    public MaintenanceResult tag(@PathVariable String table, @RequestBody TagRequest request, Identity caller) {
        return platform.sessions().tag(session(caller), name(table), Require.field(request.name(), "name"), request.snapshotId());
    }

    @Operation(operationId = "rollbackTable", summary = "Make an earlier snapshot current")
    @PostMapping("/rollback")
    public MaintenanceResult rollback(@PathVariable String table, @RequestBody RollbackRequest request, Identity caller) {
        return platform.sessions().rollback(session(caller), name(table), Require.field(request.snapshotId(), "snapshotId"));
    }

    @Operation(operationId = "expireSnapshots", summary = "Expire old snapshots and delete the files only they reference")
    @PostMapping("/expire")
    public MaintenanceResult expire(@PathVariable String table, @RequestBody(required = false) ExpireRequest request,
                                    Identity caller) {
        ExpireRequest r = request == null ? new ExpireRequest(null, null) : request;
        Duration olderThan = Durations.parse(r.olderThan() == null ? DEFAULT_EXPIRE_OLDER_THAN : r.olderThan(), "olderThan");
        int retainLast = Require.between(r.retainLast(), 1, 1, Integer.MAX_VALUE, "retainLast");
        return platform.sessions().expire(session(caller), name(table), olderThan, retainLast);
    }

    @Operation(operationId = "compactTable", summary = "Rewrite small files into larger ones")
    @PostMapping("/compact")
    public MaintenanceResult compact(@PathVariable String table, Identity caller) {
        return platform.sessions().compact(session(caller), name(table));
    }

    @Operation(operationId = "cleanTable", summary = "Delete orphan files no snapshot references")
    @PostMapping("/clean")
    public MaintenanceResult clean(@PathVariable String table, @RequestBody(required = false) CleanRequest request,
                                   Identity caller) {
        CleanRequest r = request == null ? new CleanRequest(null, null) : request;
        Duration olderThan = Durations.parse(r.olderThan() == null ? DEFAULT_CLEAN_OLDER_THAN : r.olderThan(), "olderThan");
        return platform.sessions().clean(session(caller), name(table), olderThan, Boolean.TRUE.equals(r.dryRun()));
    }

    @Operation(operationId = "uploadFiles", summary = "Load uploaded files into the table",
            description = "Multipart field `file` (repeatable). The format is inferred from the file extension "
                    + "(.csv, .json/.jsonl/.ndjson, .parquet) unless given. One commit for all files; with maxErrors=0 any "
                    + "malformed row fails the load and nothing is committed.")
    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public LoadResult upload(@PathVariable String table,
                             @RequestPart("file") List<MultipartFile> file,
                             @Parameter(description = "csv, json or parquet; default from the file extension")
                             @RequestParam(required = false) String format,
                             @Parameter(description = "append or overwrite") @RequestParam(defaultValue = "append") String mode,
                             @Parameter(description = "Create the table from the files' schema if it does not exist")
                             @RequestParam(defaultValue = "false") boolean create,
                             @Parameter(description = "Malformed rows that may be skipped") @RequestParam(defaultValue = "0") long maxErrors,
                             @Parameter(description = "Explicit columns, e.g. id BIGINT, name VARCHAR; default inferred")
                             @RequestParam(required = false) String schema,
                             @Parameter(description = "CSV delimiter; default detected") @RequestParam(required = false) String delimiter,
                             @Parameter(description = "CSV has a header row; default detected") @RequestParam(required = false) Boolean header,
                             Identity caller) {
        TableName name = name(table);
        LoadRequest.Mode loadMode = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "append" -> LoadRequest.Mode.APPEND;
            case "overwrite" -> LoadRequest.Mode.OVERWRITE;
            default -> throw ZhongtaiException.invalid("Invalid value for parameter 'mode': '%s', expected append or overwrite", mode);
        };
        if (maxErrors < 0) {
            throw ZhongtaiException.invalid("Invalid value for parameter 'maxErrors': %d, expected 0 or more", maxErrors);
        }
        if (file.isEmpty()) {
            throw ZhongtaiException.invalid("Missing multipart field 'file'");
        }
        LoadRequest.CsvOptions csv = delimiter == null && header == null ? null
                : new LoadRequest.CsvOptions(blankToNull(delimiter), header, null, null, null, null, null);
        try (Uploads uploads = Uploads.save(file)) {
            LoadRequest request = new LoadRequest(name, uploads.paths(), blankToNull(format), loadMode, create, maxErrors,
                    blankToNull(schema), csv);
            return platform.sessions().load(session(caller), request, ProgressListener.NONE);
        }
    }

    private static Session session(Identity caller) {
        return Session.of(caller);
    }

    static TableName name(String table) {
        return TableName.parse(table, "ods");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
