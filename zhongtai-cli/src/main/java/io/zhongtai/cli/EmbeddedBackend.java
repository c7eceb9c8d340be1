package io.zhongtai.cli;

import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
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
import io.zhongtai.core.session.Session;
import io.zhongtai.core.session.SessionService;
import io.zhongtai.core.session.SnapshotInfo;
import io.zhongtai.core.session.TableInfo;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.pipeline.PipelineDetail;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.PipelineSummary;
import io.zhongtai.pipeline.lineage.LineageEdge;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import static java.util.Objects.requireNonNull;

/** The platform in this process, opened on a home directory, acting as the local operating-system user. */
final class EmbeddedBackend implements Backend {
    private final Platform platform;
    private final IntegrationService integration;
    private final SessionService sessions;
    private final Session session;
    private volatile SqlResult current;
    private PipelineService pipelines;

    EmbeddedBackend(Platform platform) {
        this.platform = requireNonNull(platform, "platform is null");
        this.sessions = platform.sessions();
        this.integration = platform.integration();
        this.session = Session.of(Identity.localUser());
    }

    @Override
    public String describe() {
        return "embedded, home " + platform.home();
    }

    @Override
    public String namespace() {
        return session.namespace();
    }

    @Override
    public void executeScript(String script, Consumer<SqlResult> each) {
        sessions.executeScript(session, script, result -> {
            current = result;
            try {
                each.accept(result);
            } finally {
                current = null;
            }
        });
    }

    @Override
    public void cancel() {
        SqlResult result = current;
        if (result != null) {
            result.cancel();
        }
    }

    @Override
    public List<String> namespaces() {
        return sessions.namespaces(session);
    }

    @Override
    public List<TableName> tables(String namespace) {
        return sessions.tables(session, namespace);
    }

    @Override
    public TableInfo table(TableName name) {
        return sessions.table(session, name);
    }

    @Override
    public List<SnapshotInfo> history(TableName name) {
        return sessions.history(session, name);
    }

    @Override
    public List<PartitionInfo> partitions(TableName name) {
        return sessions.partitions(session, name);
    }

    @Override
    public List<FileInfo> files(TableName name) {
        return sessions.files(session, name);
    }

    @Override
    public MaintenanceResult tag(TableName name, String tag, Long snapshotId) {
        return sessions.tag(session, name, tag, snapshotId);
    }

    @Override
    public MaintenanceResult rollback(TableName name, long snapshotId) {
        return sessions.rollback(session, name, snapshotId);
    }

    @Override
    public MaintenanceResult expire(TableName name, Duration olderThan, int retainLast) {
        return sessions.expire(session, name, olderThan, retainLast);
    }

    @Override
    public MaintenanceResult compact(TableName name) {
        return sessions.compact(session, name);
    }

    @Override
    public MaintenanceResult clean(TableName name, Duration olderThan, boolean dryRun) {
        return sessions.clean(session, name, olderThan, dryRun);
    }

    @Override
    public LoadResult load(LoadRequest request, ProgressListener progress) {
        return sessions.load(session, request, progress);
    }

    @Override
    public List<ConnectorType> connectorTypes() {
        return integration.connectorTypes();
    }

    @Override
    public SourceInfo addSource(String name, String type, Map<String, String> options, Map<String, String> secrets, String description) {
        return integration.addSource(session, name, type, options, secrets, description);
    }

    @Override
    public List<SourceInfo> sources() {
        return integration.sources(session);
    }

    @Override
    public SourceInfo source(String name) {
        return integration.source(session, name);
    }

    @Override
    public void removeSource(String name) {
        integration.removeSource(session, name);
    }

    @Override
    public Duration testSource(String name, Duration timeout) {
        return integration.testSource(session, name, timeout);
    }

    @Override
    public List<String> sourceNamespaces(String source) {
        return integration.browseNamespaces(session, source);
    }

    @Override
    public List<TableId> sourceTables(String source, String namespace) {
        return integration.browseTables(session, source, namespace);
    }

    @Override
    public TableSchema describeSourceTable(String source, String table) {
        return integration.describe(session, source, table);
    }

    @Override
    public List<SyncHistory.TableState> syncStates(String source) {
        return integration.syncStates(session, source);
    }

    @Override
    public SyncResult sync(SyncRequest request, SyncListener listener, AtomicBoolean stop) {
        return integration.sync(session, request, listener, stop);
    }

    @Override
    public String startSyncJob(SyncRequest request) {
        throw ZhongtaiException.invalid("--detach needs a server (--server URL): without one the sync runs in this process");
    }

    @Override
    public ExportResult export(ExportRequest request, LongConsumer rowsWritten) {
        return integration.export(session, request, rowsWritten);
    }

    @Override
    public PipelineDetail validatePipeline(String file, String yaml) {
        return pipelineService().describe(file, yaml);
    }

    @Override
    public PipelineStore.Applied applyPipeline(String file, String yaml) {
        return pipelineService().apply(session, file, yaml);
    }

    @Override
    public List<PipelineSummary> pipelines() {
        return pipelineService().list();
    }

    @Override
    public PipelineDetail pipeline(String name, Optional<Integer> version) {
        return pipelineService().show(name, version);
    }

    @Override
    public RunStore.Run runPipeline(String name, Optional<LocalDate> bizdate) {
        return pipelineService().runNow(session, name, bizdate);
    }

    @Override
    public List<RunStore.Run> backfillPipeline(String name, LocalDate from, LocalDate to, int parallelism) {
        return pipelineService().backfill(session, name, from, to, parallelism);
    }

    @Override
    public RunStore.Run rerunPipeline(String runId) {
        return pipelineService().rerun(session, runId);
    }

    @Override
    public List<RunStore.Run> pipelineRuns(String pipeline, int limit) {
        return pipelineService().runs(pipeline, limit);
    }

    @Override
    public PipelineService.RunDetail pipelineRun(String runId) {
        return pipelineService().run(runId);
    }

    @Override
    public String pipelineLogs(String runId, String node) {
        return pipelineService().logs(runId, node);
    }

    @Override
    public boolean pausePipeline(String name, boolean paused) {
        return paused ? pipelineService().pause(name) : pipelineService().resume(name);
    }

    @Override
    public List<LineageEdge> lineage(String table, String column, boolean upstream, int depth) {
        return pipelineService().lineage(table, column, upstream, depth);
    }

    @Override
    public PipelineService.QualityCheck checkQuality(TableName table, Optional<String> rulesYaml, String origin) {
        return pipelineService().checkQuality(session, table, rulesYaml, origin);
    }

    @Override
    public PipelineService.QualityHistory qualityResults(TableName table, int limit) {
        return pipelineService().qualityResults(table, limit);
    }

    private PipelineService pipelineService() {
        if (pipelines == null) {
            pipelines = new PipelineService(platform, Clock.systemUTC());
        }
        return pipelines;
    }

    @Override
    public void close() {
        platform.close();
    }
}
