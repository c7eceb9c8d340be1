package io.zhongtai.cli;

import io.zhongtai.core.integration.ConnectorType;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.ExportResult;
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
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.pipeline.PipelineDetail;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.PipelineSummary;
import io.zhongtai.pipeline.lineage.LineageEdge;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What the {@code sql}, {@code load}, {@code table}, {@code source}, {@code sync} and {@code export} commands need
 * from the platform, either
 * in-process on a home directory ({@link EmbeddedBackend}) or over HTTP from a server
 * ({@link RemoteBackend}). Errors are {@link io.zhongtai.core.ZhongtaiException}s either way.
 */
interface Backend extends AutoCloseable {
    /** Where the backend runs, for the shell's banner: a home directory or a server URL. */
    String describe();

    /** The current namespace; {@code USE ns} changes it. */
    String namespace();

    /** Runs each statement of a script in order; each result is closed after {@code each} returns. */
    void executeScript(String script, Consumer<SqlResult> each);

    /** Stops the statement running now, from another thread (Ctrl-C in the shell). */
    void cancel();

    List<String> namespaces();

    List<TableName> tables(String namespace);

    TableInfo table(TableName name);

    List<SnapshotInfo> history(TableName name);

    List<PartitionInfo> partitions(TableName name);

    List<FileInfo> files(TableName name);

    MaintenanceResult tag(TableName name, String tag, Long snapshotId);

    MaintenanceResult rollback(TableName name, long snapshotId);

    MaintenanceResult expire(TableName name, Duration olderThan, int retainLast);

    MaintenanceResult compact(TableName name);

    MaintenanceResult clean(TableName name, Duration olderThan, boolean dryRun);

    LoadResult load(LoadRequest request, ProgressListener progress);

    // ---- sources, sync, export

    List<ConnectorType> connectorTypes();

    SourceInfo addSource(String name, String type, Map<String, String> options, Map<String, String> secrets, String description);

    List<SourceInfo> sources();

    SourceInfo source(String name);

    void removeSource(String name);

    /** Connects and checks credentials; returns how long it took. */
    Duration testSource(String name, Duration timeout);

    List<String> sourceNamespaces(String source);

    List<TableId> sourceTables(String source, String namespace);

    TableSchema describeSourceTable(String source, String table);

    List<SyncHistory.TableState> syncStates(String source);

    /**
     * Runs a sync to its end (or, following, until {@code stop} is set), reporting progress to {@code listener};
     * throws {@link io.zhongtai.core.integration.IntegrationService.SyncFailedException} when a table failed.
     */
    SyncResult sync(SyncRequest request, SyncListener listener, AtomicBoolean stop);

    /** Starts a sync that runs on without this client (a server job); returns the job's id. */
    String startSyncJob(SyncRequest request);

    ExportResult export(ExportRequest request, LongConsumer rowsWritten);

    // ---- pipelines

    /** Checks a spec without storing it; INVALID_INPUT lists every problem with file:line:column. */
    PipelineDetail validatePipeline(String file, String yaml);

    PipelineStore.Applied applyPipeline(String file, String yaml);

    List<PipelineSummary> pipelines();

    PipelineDetail pipeline(String name, Optional<Integer> version);

    /** Runs a pipeline for a business date and returns the finished run. */
    RunStore.Run runPipeline(String name, Optional<LocalDate> bizdate);

    /** Runs every date of a range, at most {@code parallelism} at a time; returns the finished runs. */
    List<RunStore.Run> backfillPipeline(String name, LocalDate from, LocalDate to, int parallelism);

    /** Runs a failed run again from its failed nodes; returns the finished run. */
    RunStore.Run rerunPipeline(String runId);

    List<RunStore.Run> pipelineRuns(String pipeline, int limit);

    PipelineService.RunDetail pipelineRun(String runId);

    String pipelineLogs(String runId, String node);

    /** Pauses or resumes a pipeline's schedule; false when it already was. */
    boolean pausePipeline(String name, boolean paused);

    /** Lineage edges from a table (or column), upstream or downstream, at most {@code depth} hops. */
    List<LineageEdge> lineage(String table, String column, boolean upstream, int depth);

    /** Checks a table's quality rules now; with {@code rulesYaml} those rules are attached first. */
    PipelineService.QualityCheck checkQuality(TableName table, Optional<String> rulesYaml, String origin);

    PipelineService.QualityHistory qualityResults(TableName table, int limit);

    @Override
    void close();
}
