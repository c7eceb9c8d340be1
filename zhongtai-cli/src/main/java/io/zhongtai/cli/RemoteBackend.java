package io.zhongtai.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zhongtai.core.ZhongtaiException.SqlPosition;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.ConnectorType;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.ExportResult;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SourceInfo;
import io.zhongtai.core.integration.SyncHistory;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.MaintenanceResult;
import io.zhongtai.core.session.PartitionInfo;
import io.zhongtai.core.session.SnapshotInfo;
import io.zhongtai.core.session.TableInfo;
import io.zhongtai.core.sql.SqlLexer;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.pipeline.PipelineDetail;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.PipelineSummary;
import io.zhongtai.pipeline.lineage.LineageEdge;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A client of a Zhongtai server's REST API ({@code /api/v1}), authenticated with a bearer token.
 * Scripts are split into statements here and sent one at a time, so the current namespace
 * ({@code USE ns}) is kept by the client and sent with each statement; rows are fetched page by
 * page through the server's cursors.
 */
final class RemoteBackend implements Backend {
    static final int PAGE_ROWS = 1000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String url;
    private final String api;
    private final String token;
    private final HttpClient http;
    private volatile String namespace = "ods";
    private volatile CompletableFuture<?> inFlight;
    private volatile SqlResult current;
    private volatile boolean cancelled;

    RemoteBackend(String url, String token) {
        requireNonNull(url, "url is null");
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw ZhongtaiException.invalid("Invalid server URL '%s': expected http://host:port or https://host:port", url);
        }
        this.url = u;
        this.api = u + "/api/v1";
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String describe() {
        return "server " + url;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    // ------------------------------------------------------------------ SQL

    @Override
    public void executeScript(String script, Consumer<SqlResult> each) {
        cancelled = false;
        for (SqlLexer.Piece piece : SqlLexer.split(script)) {
            RemoteResult result;
            try {
                result = query(piece.text());
            } catch (ZhongtaiException e) {
                throw relocate(e, script, piece);
            }
            current = result;
            try (result) {
                each.accept(result);
            } finally {
                current = null;
            }
            List<SqlLexer.Token> tokens = SqlLexer.tokenize(piece.text());
            if (tokens.size() >= 2 && tokens.get(0).is("use") && tokens.get(1).isIdentifier()) {
                namespace = tokens.get(1).identifier();
            }
        }
    }

    private RemoteResult query(String sql) {
        ObjectNode body = JSON.createObjectNode();
        body.put("sql", sql);
        body.put("namespace", namespace);
        body.put("maxRows", PAGE_ROWS);
        return new RemoteResult(send(post("/sql", body)));
    }

    /** The server reports positions within the statement it was sent; the user wants them within the whole script. */
    private static ZhongtaiException relocate(ZhongtaiException e, String script, SqlLexer.Piece piece) {
        SqlPosition p = e.position();
        if (p == null) {
            return e;
        }
        String text = piece.text();
        int offset = 0;
        for (int line = 1; line < p.line() && offset >= 0; line++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return e;
            }
        }
        SqlPosition moved = SqlPosition.of(script, piece.offset() + offset + p.column() - 1);
        String message = e.getMessage() == null ? "" : e.getMessage().replace(p.toString(), moved.toString());
        return new ZhongtaiException(e.kind(), message, moved, e.getCause());
    }

    @Override
    public void cancel() {
        cancelled = true;
        CompletableFuture<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
    }

    /** Rows of one statement, fetched a page at a time. */
    private final class RemoteResult implements SqlResult {
        private final List<Column> columns;
        private final long updateCount;
        private final String summary;
        private JsonNode page;
        private int index;
        private boolean hasMore;
        private String cursor;
        private JsonNode row;
        private long count;

        RemoteResult(JsonNode response) {
            List<Column> cols = new ArrayList<>();
            for (JsonNode c : response.path("columns")) {
                cols.add(new Column(c.path("name").asText(), c.path("type").asText()));
            }
            this.columns = List.copyOf(cols);
            this.updateCount = response.hasNonNull("updateCount") ? response.get("updateCount").asLong() : -1;
            this.summary = response.path("summary").asText("");
            accept(response);
        }

        private void accept(JsonNode response) {
            page = response.path("rows");
            index = 0;
            hasMore = response.path("hasMore").asBoolean(false);
            cursor = response.hasNonNull("cursor") ? response.get("cursor").asText() : null;
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            while (index >= page.size()) {
                if (!hasMore || cursor == null) {
                    return false;
                }
                accept(send(HttpRequest.newBuilder(uri("/sql/cursors/" + encode(cursor) + "?maxRows=" + PAGE_ROWS)).GET()));
            }
            row = page.get(index++);
            count++;
            return true;
        }

        @Override
        public Object get(int i) {
            return value(row.get(i), columns.get(i).type());
        }

        @Override
        public long updateCount() {
            return columns.isEmpty() ? updateCount : -1;
        }

        @Override
        public String summary() {
            return columns.isEmpty() ? summary : count + (count == 1 ? " row" : " rows");
        }

        @Override
        public void cancel() {
            RemoteBackend.this.cancel();
        }

        @Override
        public void close() {
            if (hasMore && cursor != null) {
                String open = cursor;
                cursor = null;
                try {
                    send(HttpRequest.newBuilder(uri("/sql/cursors/" + encode(open))).DELETE());
                } catch (RuntimeException ignored) {
                    // The server closes an abandoned cursor when it expires anyway.
                }
            }
        }
    }

    /** A JSON value as the plain Java value {@link SqlResult#get} promises. */
    static Object value(JsonNode node, String type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            String t = type == null ? "" : type.toUpperCase(java.util.Locale.ROOT);
            return t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL") ? (Object) node.doubleValue() : node.decimalValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(x -> list.add(value(x, null)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue(), null)));
            return map;
        }
        return node.asText();
    }

    // ------------------------------------------------------------------ catalog and tables

    @Override
    public List<String> namespaces() {
        JsonNode node = items(send(get("/namespaces")), "namespaces");
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            out.add(n.isTextual() ? n.asText() : n.has("name") ? n.get("name").asText() : n.path("namespace").asText());
        }
        return out;
    }

    @Override
    public List<TableName> tables(String ns) {
        JsonNode node = items(send(get("/namespaces/" + encode(ns) + "/tables")), "tables");
        List<TableName> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (n.isTextual()) {
                out.add(TableName.parse(n.asText(), ns));
            } else if (n.has("table")) {
                out.add(new TableName(n.path("namespace").asText(ns), n.get("table").asText()));
            } else {
                out.add(TableName.parse(n.path("name").asText(), ns));
            }
        }
        return out;
    }

    /** A list answer: the array itself, or the array in field {@code field} of an object. */
    private static JsonNode items(JsonNode node, String field) {
        if (node.isObject()) {
            return node.has(field) ? node.get(field) : node.path("items");
        }
        return node;
    }

    @Override
    public TableInfo table(TableName name) {
        return convert(send(get(tablePath(name))), TableInfo.class);
    }

    @Override
    public List<SnapshotInfo> history(TableName name) {
        return list(send(get(tablePath(name) + "/snapshots")), "snapshots", SnapshotInfo.class);
    }

    @Override
    public List<PartitionInfo> partitions(TableName name) {
        return list(send(get(tablePath(name) + "/partitions")), "partitions", PartitionInfo.class);
    }

    @Override
    public List<FileInfo> files(TableName name) {
        return list(send(get(tablePath(name) + "/files")), "files", FileInfo.class);
    }

    @Override
    public MaintenanceResult tag(TableName name, String tag, Long snapshotId) {
        ObjectNode body = JSON.createObjectNode().put("name", tag);
        if (snapshotId != null) {
            body.put("snapshotId", snapshotId);
        }
        return convert(send(post(tablePath(name) + "/tags", body)), MaintenanceResult.class);
    }

    @Override
    public MaintenanceResult rollback(TableName name, long snapshotId) {
        return convert(send(post(tablePath(name) + "/rollback", JSON.createObjectNode().put("snapshotId", snapshotId))),
                MaintenanceResult.class);
    }

    @Override
    public MaintenanceResult expire(TableName name, Duration olderThan, int retainLast) {
        ObjectNode body = JSON.createObjectNode().put("olderThan", olderThan.toString()).put("retainLast", retainLast);
        return convert(send(post(tablePath(name) + "/expire", body)), MaintenanceResult.class);
    }

    @Override
    public MaintenanceResult compact(TableName name) {
        return convert(send(post(tablePath(name) + "/compact", JSON.createObjectNode())), MaintenanceResult.class);
    }

    @Override
    public MaintenanceResult clean(TableName name, Duration olderThan, boolean dryRun) {
        ObjectNode body = JSON.createObjectNode().put("olderThan", olderThan.toString()).put("dryRun", dryRun);
        return convert(send(post(tablePath(name) + "/clean", body)), MaintenanceResult.class);
    }

    // ------------------------------------------------------------------ load

    /** Uploads the files (globs expanded here) in one multipart request; the server loads them in one commit. */
    @Override
    public LoadResult load(LoadRequest request, ProgressListener progress) {
        LoadRequest.CsvOptions csv = request.csv();
        List<String> unsupported = new ArrayList<>();
        if (csv.quote() != null) {
            unsupported.add("--quote");
        }
        if (csv.escape() != null) {
            unsupported.add("--escape");
        }
        if (csv.nullString() != null) {
            unsupported.add("--null-string");
        }
        if (csv.dateFormat() != null) {
            unsupported.add("--date-format");
        }
        if (csv.timestampFormat() != null) {
            unsupported.add("--timestamp-format");
        }
        if (!unsupported.isEmpty()) {
            throw ZhongtaiException.invalid("Cannot load through --server with %s: the server's upload API takes only --format, "
                    + "--mode, --create, --max-errors, --schema, --delimiter and --header; load on the server's machine instead",
                    String.join(", ", unsupported));
        }
        List<Path> files = Globs.expand(request.paths());
        String boundary = "zhongtai-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Path f : files) {
            String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + f.getFileName().toString().replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
            parts.add(HttpRequest.BodyPublishers.ofString(header, StandardCharsets.UTF_8));
            try {
                parts.add(HttpRequest.BodyPublishers.ofFile(f));
            } catch (FileNotFoundException e) {
                throw ZhongtaiException.notFound("Cannot load, no such file: %s", f);
            }
            parts.add(HttpRequest.BodyPublishers.ofString("\r\n"));
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("format", request.format());
        params.put("mode", request.mode().name().toLowerCase(java.util.Locale.ROOT));
        params.put("create", request.create());
        params.put("maxErrors", request.maxErrors());
        params.put("schema", request.schema());
        params.put("delimiter", csv.delimiter());
        params.put("header", csv.header());
        String query = params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + encode(String.valueOf(e.getValue()))).collect(Collectors.joining("&"));

        HttpRequest.Builder req = HttpRequest.newBuilder(uri(tablePath(request.table()) + "/upload?" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(counting(body, progress));
        JsonNode node = send(req);
        progress.progress("committed", 1, 1);
        LoadResult result = convert(node, LoadResult.class);
        if (result.duration() == null && node.has("durationMs")) {
            result = new LoadResult(result.table(), result.files(), result.rows(), result.bytes(), result.rejectedRows(),
                    result.rejected(), result.snapshotId(), result.tableCreated(), Duration.ofMillis(node.get("durationMs").asLong()));
        }
        return result;
    }

    /** Reports bytes sent as the "uploading" stage. */
    private static HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher inner, ProgressListener progress) {
        long total = inner.contentLength();
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return total;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                inner.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    private long sent;

                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        sent += item.remaining();
                        progress.progress("uploading", sent, total);
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    // ------------------------------------------------------------------ sources, sync, export

    /** How often a sync run through a server job is polled for progress. */
    static final Duration SYNC_POLL = Duration.ofMillis(300);

    @Override
    public List<ConnectorType> connectorTypes() {
        return list(send(get("/connectors")), "connectors", ConnectorType.class);
    }

    @Override
    public SourceInfo addSource(String name, String type, Map<String, String> options, Map<String, String> secrets, String description) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("type", type).put("description", description);
        body.set("options", JSON.valueToTree(options));
        body.set("secrets", JSON.valueToTree(secrets));
        return convert(send(post("/sources", body)), SourceInfo.class);
    }

    @Override
    public List<SourceInfo> sources() {
        return list(send(get("/sources")), "sources", SourceInfo.class);
    }

    @Override
    public SourceInfo source(String name) {
        return convert(send(get(sourcePath(name))), SourceInfo.class);
    }

    @Override
    public void removeSource(String name) {
        send(HttpRequest.newBuilder(uri(sourcePath(name))).DELETE());
    }

    @Override
    public Duration testSource(String name, Duration timeout) {
        JsonNode answer = send(post(sourcePath(name) + "/test?timeout=" + encode(timeout.toString()), JSON.createObjectNode()));
        return Duration.ofMillis(answer.path("millis").asLong());
    }

    @Override
    public List<String> sourceNamespaces(String source) {
        return list(send(get(sourcePath(source) + "/namespaces")), "namespaces", String.class);
    }

    @Override
    public List<TableId> sourceTables(String source, String namespace) {
        String path = namespace.isEmpty() ? sourcePath(source) + "/tables" : sourcePath(source) + "/namespaces/" + encode(namespace) + "/tables";
        return list(send(get(path)), "tables", TableId.class);
    }

    @Override
    public TableSchema describeSourceTable(String source, String table) {
        return convert(send(get(sourcePath(source) + "/tables/" + encode(table))), TableSchema.class);
    }

    @Override
    public List<SyncHistory.TableState> syncStates(String source) {
        return list(send(get(sourcePath(source) + "/status")), "tables", SyncHistory.TableState.class);
    }

    /** Runs the sync as a server job and follows it: progress from polling, Ctrl-C stops the job after its batch. */
    @Override
    public SyncResult sync(SyncRequest request, SyncListener listener, AtomicBoolean stop) {
        String id = startSyncJob(request);
        listener.tableStarted(String.join(",", request.all() ? List.of("all tables") : request.tables()), request.namespace(), -1);
        long seenRows = 0;
        long seenCommits = 0;
        boolean stopRequested = false;
        while (true) {
            JsonNode job;
            if (stop.get() && !stopRequested) {
                stopRequested = true;
                job = send(HttpRequest.newBuilder(uri("/syncs/" + encode(id))).DELETE());
            } else {
                sleep(SYNC_POLL);
                job = send(get("/syncs/" + encode(id)));
            }
            long rows = job.path("rowsRead").asLong();
            if (rows > seenRows) {
                listener.rowsRead(rows - seenRows);
                seenRows = rows;
            }
            long commits = job.path("commits").asLong();
            if (commits > seenCommits) {
                listener.committed(request.namespace(), 0, -1);
                seenCommits = commits;
            }
            String state = job.path("state").asText();
            if (!state.equals("running") && !state.equals("retrying") && !state.equals("stopping")) {
                JsonNode result = job.path("result");
                if (result.isMissingNode() || result.isNull()) {
                    throw new ZhongtaiException(ZhongtaiException.Kind.SOURCE_ERROR, "Sync job " + id + " " + state + ": "
                            + job.path("error").asText("no result"), null, null);
                }
                SyncResult r = convert(result, SyncResult.class);
                if (!r.succeeded() && !r.status().equals("stopped")) {
                    throw new IntegrationService.SyncFailedException(r);
                }
                return r;
            }
        }
    }

    @Override
    public String startSyncJob(SyncRequest request) {
        ObjectNode body = JSON.createObjectNode().put("source", request.source()).put("into", request.namespace())
                .put("mode", request.mode().label()).put("parallelism", request.parallelism()).put("follow", request.follow())
                .put("commitInterval", request.commitInterval().toString());
        if (request.all()) {
            body.put("all", true);
        } else {
            request.tables().forEach(body.putArray("tables")::add);
        }
        request.cursorColumn().ifPresent(c -> body.put("cursor", c));
        return send(post("/syncs", body)).path("id").asText();
    }

    @Override
    public ExportResult export(ExportRequest request, LongConsumer rowsWritten) {
        ObjectNode body = JSON.createObjectNode().put("query", request.query()).put("to", request.source())
                .put("table", request.target()).put("mode", request.mode().name().toLowerCase(java.util.Locale.ROOT));
        request.keys().forEach(body.putArray("keys")::add);
        ExportResult result = convert(send(post("/exports", body)), ExportResult.class);
        rowsWritten.accept(result.rows());
        return result;
    }

    @Override
    public PipelineDetail validatePipeline(String file, String yaml) {
        return convert(send(post("/pipelines/validate", JSON.createObjectNode().put("file", file).put("yaml", yaml))), PipelineDetail.class);
    }

    @Override
    public PipelineStore.Applied applyPipeline(String file, String yaml) {
        return convert(send(post("/pipelines", JSON.createObjectNode().put("file", file).put("yaml", yaml))), PipelineStore.Applied.class);
    }

    @Override
    public List<PipelineSummary> pipelines() {
        return list(send(get("/pipelines")), "pipelines", PipelineSummary.class);
    }

    @Override
    public PipelineDetail pipeline(String name, Optional<Integer> version) {
        return convert(send(get("/pipelines/" + encode(name) + version.map(v -> "?version=" + v).orElse(""))), PipelineDetail.class);
    }

    /** Queues the run on the server, whose scheduler starts it, and follows it to its end. */
    @Override
    public RunStore.Run runPipeline(String name, Optional<LocalDate> bizdate) {
        ObjectNode body = JSON.createObjectNode();
        bizdate.ifPresent(d -> body.put("bizdate", d.toString()));
        return awaitRun(convert(send(post("/pipelines/" + encode(name) + "/runs", body)), RunStore.Run.class).id());
    }

    @Override
    public List<RunStore.Run> backfillPipeline(String name, LocalDate from, LocalDate to, int parallelism) {
        ObjectNode body = JSON.createObjectNode().put("from", from.toString()).put("to", to.toString()).put("parallelism", parallelism);
        List<RunStore.Run> finished = new ArrayList<>();
        for (RunStore.Run queued : list(send(post("/pipelines/" + encode(name) + "/backfill", body)), "runs", RunStore.Run.class)) {
            finished.add(awaitRun(queued.id()));
        }
        return finished;
    }

    @Override
    public RunStore.Run rerunPipeline(String runId) {
        return awaitRun(convert(send(post("/pipeline-runs/" + encode(runId) + "/rerun", JSON.createObjectNode())), RunStore.Run.class).id());
    }

    private RunStore.Run awaitRun(String id) {
        while (true) {
            RunStore.Run run = pipelineRun(id).run();
            if (run.state().finished()) {
                return run;
            }
            sleep(SYNC_POLL);
        }
    }

    @Override
    public List<RunStore.Run> pipelineRuns(String pipeline, int limit) {
        return list(send(get("/pipeline-runs?limit=" + limit + (pipeline == null ? "" : "&pipeline=" + encode(pipeline)))), "runs",
                RunStore.Run.class);
    }

    @Override
    public PipelineService.RunDetail pipelineRun(String runId) {
        return convert(send(get("/pipeline-runs/" + encode(runId))), PipelineService.RunDetail.class);
    }

    @Override
    public String pipelineLogs(String runId, String node) {
        return send(get("/pipeline-runs/" + encode(runId) + "/logs" + (node == null ? "" : "?node=" + encode(node)))).path("log").asText();
    }

    @Override
    public boolean pausePipeline(String name, boolean paused) {
        return send(post("/pipelines/" + encode(name) + (paused ? "/pause" : "/resume"), JSON.createObjectNode())).path("changed").asBoolean();
    }

    @Override
    public List<LineageEdge> lineage(String table, String column, boolean upstream, int depth) {
        return list(send(get("/lineage?table=" + encode(table) + (column == null ? "" : "&column=" + encode(column))
                + "&direction=" + (upstream ? "upstream" : "downstream") + "&depth=" + depth)), "edges", LineageEdge.class);
    }

    @Override
    public PipelineService.QualityCheck checkQuality(TableName table, Optional<String> rulesYaml, String origin) {
        ObjectNode body = JSON.createObjectNode().put("origin", origin);
        rulesYaml.ifPresent(yaml -> body.put("rules", yaml));
        return convert(send(post("/quality/" + encode(table.toString()) + "/checks", body)), PipelineService.QualityCheck.class);
    }

    @Override
    public PipelineService.QualityHistory qualityResults(TableName table, int limit) {
        return convert(send(get("/quality/" + encode(table.toString()) + "/results?limit=" + limit)), PipelineService.QualityHistory.class);
    }

    private static String sourcePath(String name) {
        return "/sources/" + encode(name);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cancelled");
        }
    }

    // ------------------------------------------------------------------ HTTP

    private static String tablePath(TableName name) {
        return "/tables/" + encode(name.toString());
    }

    private URI uri(String path) {
        return URI.create(api + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        try {
            return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request and returns its JSON body; error answers (problem JSON) become {@link ZhongtaiException}s. */
    private JsonNode send(HttpRequest.Builder builder) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.header("Accept", "application/json");
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        inFlight = future;
        if (cancelled) {
            future.cancel(true);
        }
        HttpResponse<String> response;
        try {
            response = future.get();
        } catch (CancellationException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof ConnectException ? "connection refused"
                    : cause instanceof HttpTimeoutException ? "timed out"
                    : cause == null ? "unknown error" : String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot reach the Zhongtai server at " + url + ": " + why, null, cause);
        } finally {
            inFlight = null;
        }
        String text = response.body() == null ? "" : response.body();
        JsonNode node;
        try {
            node = text.isBlank() ? NullNode.getInstance() : JSON.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), node, text);
        }
        if (node == null) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "The server at " + url + " answered "
                    + request.uri().getPath() + " with something that is not JSON: " + abbreviate(text));
        }
        return node;
    }

    /** Turns a problem-JSON answer ({@code title, status, detail, position}) into the exception the server raised. */
    static ZhongtaiException problem(int status, JsonNode node, String text) {
        ZhongtaiException.Kind kind = switch (status) {
            case 401 -> ZhongtaiException.Kind.UNAUTHENTICATED;
            case 403 -> ZhongtaiException.Kind.FORBIDDEN;
            case 404 -> ZhongtaiException.Kind.NOT_FOUND;
            case 409 -> ZhongtaiException.Kind.CONFLICT;
            case 502 -> ZhongtaiException.Kind.SOURCE_ERROR;
            default -> status < 500 ? ZhongtaiException.Kind.INVALID_INPUT : ZhongtaiException.Kind.INTERNAL;
        };
        if (node == null || !node.isObject()) {
            return new ZhongtaiException(kind, "The server answered HTTP " + status + (text.isBlank() ? "" : ": " + abbreviate(text)));
        }
        String message = node.hasNonNull("detail") ? node.get("detail").asText()
                : node.hasNonNull("title") ? node.get("title").asText() : "HTTP " + status;
        SqlPosition position = null;
        JsonNode p = node.path("position");
        if (p.hasNonNull("line") && p.hasNonNull("column")) {
            position = new SqlPosition(p.get("line").asInt(), p.get("column").asInt(), p.path("offset").asInt(-1));
        }
        if (status == 401 && !node.hasNonNull("detail")) {
            message = "Not authenticated: pass a token with --token or ZHONGTAI_TOKEN (create one with `zhongtai token create --name NAME` on the server's home)";
        }
        return new ZhongtaiException(kind, message, position, null);
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot read the server's answer as " + type.getSimpleName()
                    + ": " + e.getMessage(), null, e);
        }
    }

    private static <T> List<T> list(JsonNode node, String field, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode n : items(node, field)) {
            out.add(convert(n, type));
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    @Override
    public void close() {
        // HttpClient has no close() before JDK 21; its threads are daemons.
    }
}
