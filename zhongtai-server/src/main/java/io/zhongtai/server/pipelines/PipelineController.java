package io.zhongtai.server.pipelines;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;
import io.zhongtai.pipeline.PipelineDetail;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.PipelineSummary;
import io.zhongtai.pipeline.lineage.LineageEdge;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.QualityStore;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.server.web.Require;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Pipelines: validate and apply specs, list and show them, start runs (executed by the server's scheduler),
 * backfill date ranges, rerun failed runs, pause and resume schedules, and read runs and their logs.
 */
@Tag(name = "pipelines", description = "Layered transformation pipelines, their runs and logs")
@RestController
@RequestMapping("/api/v1")
public class PipelineController {
    private final PipelineService pipelines;
    private final ExecutorService backfills;

    public PipelineController(PipelineService pipelines, ExecutorService pipelineBackfills) {
        this.pipelines = pipelines;
        this.backfills = pipelineBackfills;
    }

    public record SpecBody(@Schema(description = "File name the spec came from, for messages") String file,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String yaml) {
    }

    public record RunBody(@Schema(description = "Business date yyyy-MM-dd, default yesterday") String bizdate) {
    }

    public record BackfillBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String from,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String to,
                               @Schema(description = "Dates run at once, default 1") Integer parallelism) {
    }

    @Operation(operationId = "validatePipeline", summary = "Check a spec without storing it; 400 lists every problem with file:line:column")
    @PostMapping("/pipelines/validate")
    public PipelineDetail validate(@RequestBody SpecBody body) {
        return pipelines.describe(fileOf(body), Require.field(body.yaml(), "yaml"));
    }

    @Operation(operationId = "applyPipeline", summary = "Validate a spec and store it as the pipeline's new version")
    @PostMapping("/pipelines")
    public PipelineStore.Applied apply(@RequestBody SpecBody body, Identity caller) {
        return pipelines.apply(Session.of(caller), fileOf(body), Require.field(body.yaml(), "yaml"));
    }

    @Operation(operationId = "listPipelines", summary = "Pipelines with their schedule and last run")
    @GetMapping("/pipelines")
    public Map<String, List<PipelineSummary>> list() {
        return Map.of("pipelines", pipelines.list());
    }

    @Operation(operationId = "getPipeline", summary = "A pipeline's current (or given) version: nodes in run order and the YAML")
    @GetMapping("/pipelines/{name}")
    public PipelineDetail show(@PathVariable String name, @RequestParam(required = false) Integer version) {
        return pipelines.show(name, Optional.ofNullable(version));
    }

    @Operation(operationId = "runPipeline", summary = "Queue a run now; the scheduler starts it (202 with the queued run)")
    @PostMapping("/pipelines/{name}/runs")
    public ResponseEntity<RunStore.Run> run(@PathVariable String name, @RequestBody(required = false) RunBody body, Identity caller) {
        Optional<LocalDate> bizdate = body == null || body.bizdate() == null ? Optional.empty() : Optional.of(date(body.bizdate(), "bizdate"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(pipelines.queueNow(Session.of(caller), name, bizdate));
    }

    @Operation(operationId = "backfillPipeline", summary = "Queue one run per date of a range and run them at the given parallelism (202)")
    @PostMapping("/pipelines/{name}/backfill")
    public ResponseEntity<Map<String, List<RunStore.Run>>> backfill(@PathVariable String name, @RequestBody BackfillBody body, Identity caller) {
        int parallelism = body.parallelism() == null ? 1 : body.parallelism();
        List<RunStore.Run> queued = pipelines.queueBackfill(Session.of(caller), name, date(body.from(), "from"), date(body.to(), "to"), parallelism);
        backfills.submit(() -> pipelines.execute(queued, parallelism));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("runs", queued));
    }

    @Operation(operationId = "pausePipeline", summary = "Stop starting scheduled runs (runs already queued or running go on)")
    @PostMapping("/pipelines/{name}/pause")
    public Map<String, Object> pause(@PathVariable String name) {
        return Map.of("pipeline", name, "paused", true, "changed", pipelines.pause(name));
    }

    @Operation(operationId = "resumePipeline", summary = "Start scheduled runs again")
    @PostMapping("/pipelines/{name}/resume")
    public Map<String, Object> resume(@PathVariable String name) {
        return Map.of("pipeline", name, "paused", false, "changed", pipelines.resume(name));
    }

    @Operation(operationId = "listPipelineRuns", summary = "Runs, newest first; of one pipeline with ?pipeline=")
    @GetMapping("/pipeline-runs")
    public Map<String, List<RunStore.Run>> runs(@RequestParam(required = false) String pipeline,
                                                @RequestParam(defaultValue = "50") int limit) {
        return Map.of("runs", pipelines.runs(pipeline, Require.between(limit, 50, 1, 1000, "limit")));
    }

    @Operation(operationId = "getPipelineRun", summary = "A run and its nodes: state, attempts, rows, bytes, errors")
    @GetMapping("/pipeline-runs/{id}")
    public PipelineService.RunDetail runDetail(@PathVariable String id) {
        return pipelines.run(id);
    }

    @Operation(operationId = "getPipelineRunLogs", summary = "A run's log: one node's, or all nodes' with each line prefixed by its node")
    @GetMapping("/pipeline-runs/{id}/logs")
    public Map<String, String> logs(@PathVariable String id, @RequestParam(required = false) String node) {
        return Map.of("log", pipelines.logs(id, node));
    }

    @Operation(operationId = "rerunPipelineRun", summary = "Queue a failed run again from its failed nodes (202)")
    @PostMapping("/pipeline-runs/{id}/rerun")
    public ResponseEntity<RunStore.Run> rerun(@PathVariable String id, Identity caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(pipelines.queueRerun(Session.of(caller), id));
    }

    public record QualityBody(@Schema(description = "Rules (a YAML list) to attach to the table before checking") String rules,
                              @Schema(description = "Where the rules came from, for messages") String origin) {
    }

    @Operation(operationId = "getLineage", summary = "Lineage edges from a table or column, upstream (where it comes from) or downstream (impact)")
    @GetMapping("/lineage")
    public Map<String, List<LineageEdge>> lineage(@RequestParam String table, @RequestParam(required = false) String column,
                                                   @RequestParam(defaultValue = "upstream") String direction,
                                                   @RequestParam(defaultValue = "10") int depth) {
        if (!direction.equals("upstream") && !direction.equals("downstream")) {
            throw ZhongtaiException.invalid("Parameter direction must be upstream or downstream, got '%s'", direction);
        }
        return Map.of("edges", pipelines.lineage(table, column, direction.equals("upstream"), depth));
    }

    @Operation(operationId = "checkQuality", summary = "Check a table's quality rules now (optionally attaching new rules first)")
    @PostMapping("/quality/{table}/checks")
    public PipelineService.QualityCheck checkQuality(@PathVariable String table, @RequestBody(required = false) QualityBody body,
                                                     Identity caller) {
        return pipelines.checkQuality(Session.of(caller), TableName.parse(table, null),
                Optional.ofNullable(body == null ? null : body.rules()), body == null || body.origin() == null ? "rules.yaml" : body.origin());
    }

    /** Every checked table's latest score. */
    public record QualityScores(List<QualityStore.Score> tables) {
    }

    @Operation(operationId = "listQualityScores", summary = "The score of every checked table's latest quality check")
    @GetMapping("/quality")
    public QualityScores qualityScores() {
        return new QualityScores(pipelines.qualityScores());
    }

    @Operation(operationId = "getQualityResults", summary = "A table's quality results, newest first, and its latest score")
    @GetMapping("/quality/{table}/results")
    public PipelineService.QualityHistory qualityResults(@PathVariable String table, @RequestParam(defaultValue = "50") int limit) {
        return pipelines.qualityResults(TableName.parse(table, null), Require.between(limit, 50, 1, 1000, "limit"));
    }

    @Operation(operationId = "listQualityRules", summary = "The rules checked on a table: attached to it, and of pipeline nodes writing or checking it")
    @GetMapping("/quality/{table}/rules")
    public List<PipelineService.AttachedRule> qualityRules(@PathVariable String table) {
        return pipelines.qualityRules(TableName.parse(table, null));
    }

    private static String fileOf(SpecBody body) {
        return body.file() == null || body.file().isBlank() ? "pipeline.yaml" : body.file();
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(Require.field(text, field));
        } catch (DateTimeParseException e) {
            throw ZhongtaiException.invalid("Field \"%s\" must be a date yyyy-MM-dd, got '%s'", field, text);
        }
    }
}
