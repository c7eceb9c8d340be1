package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.metadata.AuditLog;
import io.zhongtai.core.session.Session;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The gate for integration work, as {@link io.zhongtai.core.session.SessionService} is for queries: every call
 * carries the caller's session and changes are audited. Used by the CLI, the REST API and (later) pipelines.
 */
public final class IntegrationService implements AutoCloseable {
    private final SourceRegistry sources;
    private final SyncEngine sync;
    private final ExportEngine exports;
    private final SyncHistory history;
    private final SyncJobs jobs;
    private final AuditLog audit;

    public IntegrationService(SourceRegistry sources, SyncEngine sync, SyncJobs jobs, ExportEngine exports, SyncHistory history,
                              AuditLog audit) {
        this.sources = requireNonNull(sources, "sources is null");
        this.sync = requireNonNull(sync, "sync is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.exports = requireNonNull(exports, "exports is null");
        this.history = requireNonNull(history, "history is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** The connector types on the class path, with their options. */
    public List<ConnectorType> connectorTypes() {
        return sources.connectors().all().stream().map(ConnectorType::of).sorted(Comparator.comparing(ConnectorType::name)).toList();
    }

    public SourceInfo addSource(Session session, String name, String type, Map<String, String> options,
                                Map<String, String> secrets, String description) {
        return audited(session, "source.add", name, "type=" + type, () ->
                sources.add(name, type, options, secrets, description, session.identity()));
    }

    public List<SourceInfo> sources(Session session) {
        return sources.list();
    }

    public SourceInfo source(Session session, String name) {
        return sources.get(name);
    }

    public void removeSource(Session session, String name) {
        audited(session, "source.remove", name, null, () -> {
            List<String> running = jobs.managedJobsOf(name);
            if (!running.isEmpty()) {
                throw new ZhongtaiException(ZhongtaiException.Kind.CONFLICT, "Cannot remove source " + name
                        + ": sync jobs still follow it (" + String.join(", ", running) + "); stop them first", null, null);
            }
            sources.remove(name);
            return null;
        });
    }

    /** Connects and checks credentials; returns how long it took. */
    public Duration testSource(Session session, String name, Duration timeout) {
        long start = System.nanoTime();
        try (SourceRegistry.OpenSource source = sources.open(name)) {
            source.call(c -> {
                c.testConnection(timeout);
                return null;
            });
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Namespaces (schemas, databases) of a source. */
    public List<String> browseNamespaces(Session session, String name) {
        try (SourceRegistry.OpenSource source = sources.open(name)) {
            return source.call(c -> c.listNamespaces());
        }
    }

    public List<TableId> browseTables(Session session, String name, String namespace) {
        try (SourceRegistry.OpenSource source = sources.open(name)) {
            return source.call(c -> c.listTables(namespace));
        }
    }

    public TableSchema describe(Session session, String name, String table) {
        try (SourceRegistry.OpenSource source = sources.open(name)) {
            return source.call(c -> c.describe(TableId.parse(table)));
        }
    }

    public SyncResult sync(Session session, SyncRequest request, SyncListener listener, AtomicBoolean stop) {
        return audited(session, "source.sync", request.source(), "mode=" + request.mode().label() + " tables="
                + (request.all() ? "all" : String.join(",", request.tables())), () -> {
            SyncResult result = sync.sync(session.identity(), request, listener, stop);
            if (!result.succeeded() && !result.status().equals("stopped")) {
                throw syncFailed(result);
            }
            return result;
        });
    }

    /** The error for a sync whose tables failed; the result is in {@link SyncFailedException#result()}. */
    private static ZhongtaiException syncFailed(SyncResult result) {
        return new SyncFailedException(result);
    }

    public SyncJobs.JobInfo startSyncJob(Session session, SyncRequest request) {
        return audited(session, "source.sync.start", request.source(), "mode=" + request.mode().label(),
                () -> jobs.start(session.identity(), request));
    }

    /** Starts the managed sync jobs recorded by earlier servers on this metadata store; returns how many. */
    public int resumeSyncJobs() {
        return jobs.resume();
    }

    public List<SyncJobs.JobInfo> syncJobs(Session session) {
        return jobs.list();
    }

    public SyncJobs.JobInfo syncJob(Session session, String id) {
        return jobs.get(id);
    }

    public SyncJobs.JobInfo stopSyncJob(Session session, String id, Duration wait) {
        return audited(session, "source.sync.stop", id, null, () -> jobs.stop(id, wait));
    }

    public List<SyncHistory.TableState> syncStates(Session session, String source) {
        sources.get(source);
        return history.states(source);
    }

    public ExportResult export(Session session, ExportRequest request, LongConsumer rowsWritten) {
        return audited(session, "source.export", request.source(), "mode=" + request.mode() + " query=" + request.query(),
                () -> exports.export(session, request, rowsWritten));
    }

    private <T> T audited(Session session, String action, String target, String detail, java.util.function.Supplier<T> work) {
        try {
            T result = work.get();
            audit.record(session.identity(), action, target, detail, "ok");
            return result;
        } catch (RuntimeException e) {
            audit.record(session.identity(), action, target, detail + (detail == null ? "" : "; ") + e.getMessage(), "failed");
            throw e;
        }
    }

    @Override
    public void close() {
        jobs.close();
    }

    /** A sync in which at least one table failed; carries the per-table result. */
    public static final class SyncFailedException extends ZhongtaiException {
        private final transient SyncResult result;

        public SyncFailedException(SyncResult result) {
            super(result.tables().stream().map(SyncResult.TableResult::errorKind).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(Kind.INTERNAL),
                    "Sync of source '" + result.source() + "' failed for "
                            + result.tables().stream().filter(t -> t.error() != null).map(t -> t.sourceTable() + ": " + t.error())
                            .reduce((a, b) -> a + "; " + b).orElse("unknown reasons"), null, null);
            this.result = result;
        }

        public SyncResult result() {
            return result;
        }
    }
}
