package io.zhongtai.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.pipeline.alert.AlertSender;
import io.zhongtai.pipeline.lineage.LineageEdge;
import io.zhongtai.pipeline.lineage.OpenLineageEmitter;
import io.zhongtai.pipeline.lineage.PipelineLineage;
import io.zhongtai.pipeline.quality.QualityReport;
import io.zhongtai.pipeline.quality.QualityRule;
import io.zhongtai.pipeline.quality.QualityRunner;
import io.zhongtai.pipeline.quality.RuleResult;
import io.zhongtai.pipeline.run.NodeExecutor;
import io.zhongtai.pipeline.run.PipelineRunner;
import io.zhongtai.pipeline.spec.LakehouseCatalog;
import io.zhongtai.pipeline.spec.NodeSpec;
import io.zhongtai.pipeline.spec.Params;
import io.zhongtai.pipeline.spec.PipelineGraph;
import io.zhongtai.pipeline.spec.PipelineSpec;
import io.zhongtai.pipeline.spec.SpecParser;
import io.zhongtai.pipeline.spec.SpecValidator;
import io.zhongtai.pipeline.store.LineageStore;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.QualityStore;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore.Run;
import io.zhongtai.pipeline.store.RunStore;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.Objects.requireNonNull;

/**
 * Pipelines as users see them: validate, apply (a new version), list, show, run now, backfill a date range, rerun
 * a failed run from its failed nodes, pause and resume the schedule, and read runs and their logs. The same calls
 * serve the CLI (embedded) and the REST API; the server's scheduler starts runs through {@link #runner()}.
 */
public final class PipelineService {
    private final Platform platform;
    private final PipelineStore pipelines;
    private final RunStore runs;
    private final PipelineRunner runner;
    private final QualityStore quality;
    private final LineageStore lineage;
    private final AlertSender alerts;
    private final Map<String, PipelineSpec> parsedVersions = new java.util.concurrent.ConcurrentHashMap<>();
    /** This process, as the owner of the runs it executes: host, pid and a random part. */
    private final String owner;

    public PipelineService(Platform platform, Clock clock) {
        this.platform = requireNonNull(platform, "platform is null");
        this.pipelines = new PipelineStore(platform.metadata(), clock);
        this.runs = new RunStore(platform.metadata(), clock);
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.quality = new QualityStore(platform.metadata(), clock);
        this.lineage = new LineageStore(platform.metadata());
        this.alerts = new AlertSender(platform.metadata(), platform.config().alerts(), System.getenv(), clock);
        this.runner = new PipelineRunner(platform, pipelines, runs, new NodeExecutor(platform, quality, clock), owner,
                new OpenLineageEmitter(platform.config().lineage(), clock));
    }

    /** A checked pipeline: its spec and graph. */
    public record Checked(PipelineSpec spec, PipelineGraph graph) {
    }

    /** A run with its nodes. */
    public record RunDetail(Run run, List<RunStore.NodeRun> nodes) {
    }

    /** Parses and validates a spec; INVALID_INPUT lists every problem with {@code file:line:column}. */
    public Checked validate(String file, String yaml) {
        PipelineSpec spec = SpecParser.parse(file, yaml);
        LakehouseCatalog catalog = new LakehouseCatalog(platform.lakehouse(), platform.integration(), Session.of(Identity.system()));
        return new Checked(spec, SpecValidator.validate(spec, file, catalog));
    }

    /** Validates, then stores the spec as the pipeline's new version (no new version when the text is unchanged). */
    public PipelineStore.Applied apply(Session session, String file, String yaml) {
        Checked checked = validate(file, yaml);
        PipelineStore.Applied applied = pipelines.apply(checked.spec().name(), yaml, file, session.identity().principal());
        lineage.save(applied.pipeline(), applied.version(), PipelineLineage.edges(checked.spec(), checked.graph()));
        return applied;
    }

    /**
     * Lineage from a table (or one of its columns) over the current version of every pipeline: what it comes from
     * ({@code upstream}) or everything that depends on it (impact analysis), at most {@code depth} hops.
     */
    public List<LineageEdge> lineage(String table, String column, boolean upstream, int depth) {
        if (depth < 1 || depth > 100) {
            throw ZhongtaiException.invalid("Lineage depth must be between 1 and 100, got %d", depth);
        }
        return lineage.walk(table, column, upstream, depth);
    }

    public List<PipelineSummary> list() {
        List<PipelineSummary> out = new ArrayList<>();
        for (PipelineStore.Pipeline p : pipelines.list()) {
            out.add(summary(p, spec(p.name(), p.currentVersion())));
        }
        return out;
    }

    /** A pipeline's current version, or the given one. */
    public PipelineDetail show(String name, Optional<Integer> version) {
        PipelineStore.Pipeline p = pipelines.get(name);
        PipelineStore.Version v = pipelines.version(name, version);
        Checked checked = validate(origin(v), v.spec());
        return detail(summary(p, checked.spec()), checked);
    }

    /** What a spec would be as a pipeline, without storing it. */
    public PipelineDetail describe(String file, String yaml) {
        Checked checked = validate(file, yaml);
        PipelineSpec spec = checked.spec();
        return detail(new PipelineSummary(spec.name(), spec.description(), 0, false, schedule(spec), spec.nodes().size(),
                spec.dependsOn(), null, null, null), checked);
    }

    private static PipelineDetail detail(PipelineSummary summary, Checked checked) {
        List<PipelineDetail.Node> nodes = new ArrayList<>();
        for (String name : checked.graph().order()) {
            NodeSpec n = checked.graph().node(name);
            nodes.add(new PipelineDetail.Node(name, n.kind(), List.copyOf(checked.graph().upstream(name)),
                    checked.graph().reads(name).stream().map(TableName::toString).toList(),
                    n.writes().stream().map(TableName::toString).toList()));
        }
        return new PipelineDetail(summary, nodes, checked.spec().yaml());
    }

    private PipelineSummary summary(PipelineStore.Pipeline p, PipelineSpec spec) {
        Optional<Run> last = runs.runs(p.name(), 1).stream().findFirst();
        return new PipelineSummary(p.name(), spec.description(), p.currentVersion(), p.paused(), schedule(spec), spec.nodes().size(),
                spec.dependsOn(), last.map(r -> r.state().label()).orElse(null), last.map(Run::bizdate).orElse(null), p.updatedAt());
    }

    private static String schedule(PipelineSpec spec) {
        return spec.schedule().map(s -> s.cron() + " " + s.timezone()).orElse(null);
    }

    /** A stored version's parsed spec; versions never change, so each is parsed once. */
    public PipelineSpec spec(String name, int version) {
        return parsedVersions.computeIfAbsent(name + "@" + version, key -> {
            PipelineStore.Version v = pipelines.version(name, Optional.of(version));
            return SpecParser.parse(origin(v), v.spec());
        });
    }

    private static String origin(PipelineStore.Version v) {
        return v.origin() == null ? v.pipeline() + ".yaml" : v.origin();
    }

    /** Runs the pipeline now for {@code bizdate} (default: yesterday), in this thread; returns the finished run. */
    public Run runNow(Session session, String name, Optional<LocalDate> bizdate) {
        return execute(queueNow(session, name, bizdate));
    }

    /** Queues a manual run for {@code bizdate} (default: yesterday); someone must then execute it. */
    public Run queueNow(Session session, String name, Optional<LocalDate> bizdate) {
        return queue(pipelines.get(name), bizdate.orElse(LocalDate.now().minusDays(1)), RunStore.Trigger.MANUAL, null, null, session)
                .orElseThrow();
    }

    /**
     * Runs the pipeline for every date from {@code from} to {@code to} (inclusive), at most {@code parallelism}
     * dates at a time, in this process; returns the finished runs in date order.
     */
    public List<Run> backfill(Session session, String name, LocalDate from, LocalDate to, int parallelism) {
        return execute(queueBackfill(session, name, from, to, parallelism), parallelism);
    }

    /**
     * Executes queued runs in this process, at most {@code parallelism} at a time; returns them finished, in order.
     * Runs queued by {@link #queueBackfill} are held by this process and heartbeated meanwhile, so that the server's
     * scheduler leaves them to it unless it stops; a run another process took anyway is returned as it is.
     */
    public List<Run> execute(List<Run> queued, int parallelism) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        java.util.concurrent.ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(() -> runs.heartbeatHeld(owner), PipelineRunner.HEARTBEAT.toMillis(), PipelineRunner.HEARTBEAT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (Run r : queued) {
                futures.add(pool.submit(() -> claimAndExecute(r).orElseGet(() -> runs.run(r.id()))));
            }
            List<Run> finished = new ArrayList<>();
            for (Future<Run> f : futures) {
                finished.add(f.get());
            }
            return finished;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Interrupted while running " + queued.size() + " runs", null, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "A run failed to execute: " + e.getCause(), null, e.getCause());
        } finally {
            heartbeat.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** Queues one backfill run per date, oldest first, after checking the range and the parallelism. */
    public List<Run> queueBackfill(Session session, String name, LocalDate from, LocalDate to, int parallelism) {
        if (to.isBefore(from)) {
            throw ZhongtaiException.invalid("Cannot backfill from %s to %s: the end is before the start", from, to);
        }
        if (parallelism < 1 || parallelism > 32) {
            throw ZhongtaiException.invalid("Backfill parallelism must be between 1 and 32, got %d", parallelism);
        }
        if (from.plusDays(3660).isBefore(to)) {
            throw ZhongtaiException.invalid("Cannot backfill more than 10 years (3,660 days) at once: %s to %s", from, to);
        }
        PipelineStore.Pipeline p = pipelines.get(name);
        List<Run> queued = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            queued.add(queue(p, d, RunStore.Trigger.BACKFILL, null, null, session, owner).orElseThrow());
        }
        return queued;
    }

    /** Runs a failed run again from its failed nodes (the ones that succeeded are reused), in this thread. */
    public Run rerun(Session session, String runId) {
        return execute(queueRerun(session, runId));
    }

    /** Queues the rerun of a failed run. */
    public Run queueRerun(Session session, String runId) {
        Run failed = runs.run(runId);
        if (failed.state() != RunState.FAILED) {
            throw ZhongtaiException.conflict("Cannot rerun run %s: it is %s; only failed runs are rerun from their failed nodes",
                    runId, failed.state().label());
        }
        return queue(pipelines.get(failed.pipeline()), failed.bizdate(), RunStore.Trigger.RERUN, null, failed, session).orElseThrow();
    }

    /**
     * Queues a run of the pipeline's current version (a rerun keeps the failed run's version); with a
     * {@code scheduleKey}, empty when that tick was queued already.
     */
    public Optional<Run> queue(PipelineStore.Pipeline p, LocalDate bizdate, RunStore.Trigger trigger, String scheduleKey, Run rerunOf,
                               Session session) {
        return queue(p, bizdate, trigger, scheduleKey, rerunOf, session, null);
    }

    private Optional<Run> queue(PipelineStore.Pipeline p, LocalDate bizdate, RunStore.Trigger trigger, String scheduleKey, Run rerunOf,
                                Session session, String holder) {
        int version = rerunOf != null ? rerunOf.version() : p.currentVersion();
        PipelineSpec spec = spec(p.name(), version);
        String id = UUID.randomUUID().toString();
        Params params = Params.resolve(p.name(), bizdate, id, spec.params());
        java.util.Map<String, String> resolved = new java.util.LinkedHashMap<>();
        resolved.put("bizdate", params.get("bizdate"));
        spec.params().keySet().forEach(k -> resolved.put(k, params.get(k)));
        return runs.queue(id, p.name(), version, bizdate, trigger, scheduleKey, rerunOf == null ? null : rerunOf.id(), resolved,
                session.identity().principal(), holder);
    }

    /** Claims a queued run for this process and executes it; empty when another process claimed it first. */
    public Optional<Run> claimAndExecute(Run run) {
        if (!runs.claim(run.id(), owner)) {
            return Optional.empty();
        }
        Run finished = runner.execute(runs.run(run.id()));
        if (finished.state() == RunState.FAILED) {
            PipelineSpec spec = spec(finished.pipeline(), finished.version());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("bizdate", finished.bizdate().toString());
            details.put("trigger", finished.trigger());
            details.put("error", finished.error());
            details.put("logs", "zhongtai pipeline logs " + finished.id());
            alerts.send(spec.alerts(), new AlertSender.Alert(finished.pipeline(), finished.id(), "failure", "failure:" + finished.id(),
                    "Pipeline " + finished.pipeline() + " failed for " + finished.bizdate(), details));
        }
        return Optional.of(finished);
    }

    public AlertSender alerts() {
        return alerts;
    }

    private Run execute(Run run) {
        return claimAndExecute(run).orElseThrow(() -> ZhongtaiException.conflict(
                "Run %s was taken by another process before this one could start it", run.id()));
    }

    public boolean pause(String name) {
        return pipelines.setPaused(name, true);
    }

    public boolean resume(String name) {
        return pipelines.setPaused(name, false);
    }

    public List<Run> runs(String pipeline, int limit) {
        if (pipeline != null) {
            pipelines.get(pipeline);
        }
        return runs.runs(pipeline, limit);
    }

    public RunDetail run(String runId) {
        return new RunDetail(runs.run(runId), runs.nodes(runId));
    }

    /** A run's log: one node's, or every node's prefixed with the node name. */
    public String logs(String runId, String node) {
        return runs.logs(runId, node);
    }

    public PipelineStore pipelines() {
        return pipelines;
    }

    public RunStore runStore() {
        return runs;
    }

    /** The Iceberg table property holding the quality rules attached to a table, as YAML. */
    public static final String QUALITY_RULES_PROPERTY = "zhongtai.quality.rules";

    /** A table's quality check: the results and the score. */
    public record QualityCheck(String table, double score, boolean passed, List<RuleResult> results) {
    }

    /**
     * Checks a table's rules now. With {@code rulesYaml} (a YAML list of rules) those rules are attached to the table
     * first, replacing the ones it had; without, the attached rules run.
     */
    public QualityCheck checkQuality(Session session, TableName table, Optional<String> rulesYaml, String origin) {
        org.apache.iceberg.Table t = platform.lakehouse().table(table);
        String yaml = rulesYaml.orElseGet(() -> t.properties().get(QUALITY_RULES_PROPERTY));
        if (yaml == null) {
            throw ZhongtaiException.notFound("Table %s has no quality rules: attach some with `zhongtai quality run %s --rules FILE`", table, table);
        }
        List<QualityRule> rules;
        try {
            rules = QualityRule.parseAll(YamlDocument.parse(origin, yaml).root());
        } catch (ZhongtaiException e) {
            throw new ZhongtaiException(e.kind(), origin + ": " + e.getMessage(), null, e);
        }
        if (rulesYaml.isPresent()) {
            t.updateProperties().set(QUALITY_RULES_PROPERTY, yaml).commit();
        }
        String relation = table.toString();
        QualityReport report = QualityRunner.run(select -> rows(session, select), table, relation, rules, quality, java.time.Clock.systemUTC());
        long count = ((Number) rows(session, "SELECT count(*) FROM " + relation).get(0).get(0)).longValue();
        quality.record(table, report, count, null, null);
        return new QualityCheck(table.toString(), report.score(), report.passed(), report.results());
    }

    private List<List<Object>> rows(Session session, String select) {
        try (SqlResult result = platform.sessions().execute(session, select)) {
            return result.remainingRows();
        }
    }

    /** A table's stored quality results, newest first, with its latest score. */
    public record QualityHistory(String table, Double score, List<QualityStore.StoredResult> results) {
    }

    public QualityHistory qualityResults(TableName table, int limit) {
        platform.lakehouse().table(table);
        return new QualityHistory(table.toString(), quality.score(table).map(QualityStore.Score::score).orElse(null),
                quality.results(table, limit));
    }

    /** The score of every checked table's latest quality check. */
    public List<QualityStore.Score> qualityScores() {
        return quality.scores();
    }

    /** A quality rule checked on a table: its name, type, severity, what it expects, and where it is attached. */
    public record AttachedRule(String rule, String type, String severity, String definition, String source) {
    }

    /**
     * The rules checked on a table: those attached to it ({@code source} "table"), then those of the current version of
     * each pipeline node that writes or checks it ("pipeline NAME node NODE").
     */
    public List<AttachedRule> qualityRules(TableName table) {
        String attached = platform.lakehouse().table(table).properties().get(QUALITY_RULES_PROPERTY);
        List<AttachedRule> out = new ArrayList<>();
        if (attached != null) {
            addRules(out, YamlDocument.parse(table + " " + QUALITY_RULES_PROPERTY, attached).root(), "table");
        }
        for (PipelineStore.Pipeline p : pipelines.list()) {
            for (NodeSpec node : spec(p.name(), p.currentVersion()).nodes()) {
                JsonNode rules = null;
                if (node instanceof NodeSpec.Sql sql && sql.output().equals(table)) {
                    rules = sql.quality();
                } else if (node instanceof NodeSpec.Clean clean && clean.output().equals(table)) {
                    rules = clean.quality();
                } else if (node instanceof NodeSpec.Quality check && check.table().equals(table)) {
                    rules = check.rules();
                }
                if (rules != null && !rules.isNull() && !rules.isMissingNode()) {
                    addRules(out, rules, "pipeline " + p.name() + " node " + node.name());
                }
            }
        }
        return out;
    }

    private static void addRules(List<AttachedRule> out, JsonNode rules, String source) {
        for (QualityRule r : QualityRule.parseAll(rules)) {
            out.add(new AttachedRule(r.name(), r.type(), r.severity().name().toLowerCase(Locale.ROOT), r.describe(), source));
        }
    }

    public QualityStore quality() {
        return quality;
    }

    public String owner() {
        return owner;
    }

}
