package io.zhongtai.server.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.server.web.JsonValues;
import io.zhongtai.server.web.Problems;
import io.zhongtai.server.web.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs SQL: one page as JSON (with a cursor for the rest), or every row as NDJSON. */
@Tag(name = "sql", description = "Run SQL statements")
@RestController
@RequestMapping("/api/v1/sql")
public class SqlController {
    public static final String NDJSON = "application/x-ndjson";
    public static final int DEFAULT_MAX_ROWS = 1000;
    public static final int MAX_ROWS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqlController.class);
    private static final int FLUSH_EVERY_ROWS = 1000;

    static final String EXECUTE_SUMMARY = "Run one SQL statement";
    static final String EXECUTE_DESCRIPTION = "As application/json (the default): the first maxRows rows; when hasMore, the "
            + "result stays open under `cursor` for GET /api/v1/sql/cursors/{id} (closed when read to the end, on DELETE, "
            + "or after 5 minutes unused; at most 16 open per token). With `Accept: application/x-ndjson`: the whole result "
            + "streamed, a first line {\"columns\":[...]} (plus updateCount and summary for statements without rows), then "
            + "one JSON array per row; an error after streaming began arrives as a last line {\"error\": <problem>}. "
            + "USE changes the namespace for this request only.";

    private final Platform platform;
    private final CursorRegistry cursors;
    private final RunningQueries running;
    private final SqlMetrics metrics;
    private final ObjectMapper mapper;

    public SqlController(Platform platform, CursorRegistry cursors, RunningQueries running, SqlMetrics metrics, ObjectMapper mapper) {
        this.platform = platform;
        this.cursors = cursors;
        this.running = running;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @Operation(operationId = "executeSql", summary = EXECUTE_SUMMARY, description = EXECUTE_DESCRIPTION)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public SqlResponse execute(@RequestBody SqlRequest request, Identity caller) {
        long started = System.nanoTime();
        int maxRows = Require.between(request.maxRows(), DEFAULT_MAX_ROWS, 1, MAX_ROWS, "maxRows");
        PagedResult paged = new PagedResult(run(request, caller));
        boolean keep = false;
        try {
            List<List<Object>> rows = paged.fetch(maxRows);
            String cursor = paged.hasMore() ? cursors.open(caller, paged) : null;
            keep = cursor != null;
            return response(paged, rows, cursor, started);
        } finally {
            if (!keep) {
                paged.close();
            }
        }
    }

    // A separate mapping chosen by Accept: application/x-ndjson. The JSON mapping above declares no
    // "produces", so it stays the choice for any other Accept header, including none at all.
    @Operation(operationId = "executeSql", summary = EXECUTE_SUMMARY, description = EXECUTE_DESCRIPTION)
    @ApiResponse(responseCode = "200", content = @Content(mediaType = NDJSON,
            schema = @Schema(type = "string", description = "newline-delimited JSON")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = NDJSON)
    public ResponseEntity<StreamingResponseBody> stream(@RequestBody SqlRequest request, Identity caller) {
        SqlResult result = run(request, caller);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(stream(result));
    }

    @Operation(operationId = "fetchCursor", summary = "Next page of an open result")
    @GetMapping(path = "/cursors/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public SqlResponse next(@PathVariable String id, @RequestParam(required = false) Integer maxRows, Identity caller) {
        long started = System.nanoTime();
        int max = Require.between(maxRows, DEFAULT_MAX_ROWS, 1, MAX_ROWS, "maxRows");
        return cursors.withCursor(id, caller, cursor -> {
            List<List<Object>> rows = cursor.result.fetch(max);
            return response(cursor.result, rows, cursor.result.hasMore() ? id : null, started);
        });
    }

    @Operation(operationId = "closeCursor", summary = "Cancel and close an open result")
    @ApiResponse(responseCode = "204", description = "Closed")
    @DeleteMapping("/cursors/{id}")
    public ResponseEntity<Void> close(@PathVariable String id, Identity caller) {
        cursors.close(id, caller);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "cancelQuery", summary = "Cancel the caller's statement started with this queryId while it runs",
            description = "404 when no statement of this token with this queryId is running")
    @ApiResponse(responseCode = "204", description = "Cancelled; the POST /api/v1/sql that started it answers 409")
    @DeleteMapping("/queries/{queryId}")
    public ResponseEntity<Void> cancel(@PathVariable String queryId, Identity caller) {
        running.cancel(caller, queryId);
        return ResponseEntity.noContent().build();
    }

    private SqlResult run(SqlRequest request, Identity caller) {
        Require.field(request.sql(), "sql");
        Session session = new Session(caller, request.namespace() == null ? "ods" : request.namespace());
        try {
            SqlResult result = running.run(caller, request.queryId(), session, () -> platform.sessions().execute(session, request.sql()));
            metrics.succeeded();
            return result;
        } catch (RuntimeException e) {
            metrics.failed(e);
            throw e;
        }
    }

    private static SqlResponse response(PagedResult paged, List<List<Object>> rows, String cursor, long startedNanos) {
        SqlResult r = paged.result();
        long updateCount = r.updateCount();
        return new SqlResponse(r.columns(), rows, rows.size(), paged.hasMore(), cursor, updateCount < 0 ? null : updateCount,
                paged.summary(), (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private StreamingResponseBody stream(SqlResult result) {
        return out -> {
            try (result; JsonGenerator g = mapper.createGenerator(nonClosing(out))) {
                g.setRootValueSeparator(null);
                Map<String, Object> head = new LinkedHashMap<>();
                head.put("columns", result.columns());
                if (result.columns().isEmpty()) {
                    head.put("updateCount", result.updateCount() < 0 ? null : result.updateCount());
                    head.put("summary", result.summary());
                }
                g.writeObject(head);
                g.writeRaw('\n');
                g.flush();
                int width = result.columns().size();
                long rows = 0;
                try {
                    while (width > 0 && result.next()) {
                        g.writeStartArray();
                        for (int i = 0; i < width; i++) {
                            g.writeObject(JsonValues.plain(result.get(i)));
                        }
                        g.writeEndArray();
                        g.writeRaw('\n');
                        if (++rows % FLUSH_EVERY_ROWS == 0) {
                            g.flush();
                        }
                    }
                } catch (RuntimeException e) {
                    // The status line is sent; report the failure in-band as the last line.
                    int status = e instanceof ZhongtaiException z ? z.kind().httpStatus : 500;
                    String detail = e instanceof ZhongtaiException ? e.getMessage() : "Internal server error; the server log has the details";
                    if (!(e instanceof ZhongtaiException z) || z.kind() == ZhongtaiException.Kind.INTERNAL) {
                        LOG.error("Streaming a SQL result failed after {} rows", rows, e);
                    }
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("error", Problems.body(status, detail, "/api/v1/sql",
                            e instanceof ZhongtaiException z ? z.position() : null));
                    g.writeObject(error);
                    g.writeRaw('\n');
                }
                g.flush();
            } catch (IOException e) {
                // Most likely the client went away; the result is closed either way.
                LOG.debug("Streaming a SQL result stopped: {}", e.toString());
            }
        };
    }

    /** The servlet container owns the response stream; the generator must not close it. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
