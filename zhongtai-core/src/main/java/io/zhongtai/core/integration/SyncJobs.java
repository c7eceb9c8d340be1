package io.zhongtai.core.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.metadata.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Syncs running in the background of a server: started over REST, watched, and stopped cleanly (the batch in
 * progress is committed first). Following syncs (CDC, streams with follow) are managed: they are recorded in the
 * metadata store until a user stops them, resumed by {@link #resume()} when a server starts, and restarted with
 * backoff when they fail (a source that is down for a while is retried, from the stored position). One-shot jobs
 * run once; finished jobs are kept for listing until the server stops.
 */
public final class SyncJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final SyncEngine engine;
    private final MetadataStore store;
    private final Clock clock;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "zt-sync-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public SyncJobs(SyncEngine engine, MetadataStore store, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    /**
     * A job as shown to users. {@code state}: running, retrying (failed, waiting to restart), stopping, or the
     * finished run's status; {@code attempts} counts restarts after failures.
     */
    public record JobInfo(String id, String source, String mode, boolean follow, boolean managed, String state, long rowsRead,
                          long commits, int attempts, Instant startedAt, Duration elapsed, SyncResult result, String error) {
    }

    private static final class Job implements SyncListener {
        final String id;
        final SyncRequest request;
        final Identity caller;
        final Instant startedAt = Instant.now();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong rows = new AtomicLong();
        final AtomicLong commits = new AtomicLong();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean waitingToRetry;
        volatile Future<?> future;
        volatile SyncResult result;
        volatile String error;

        Job(String id, SyncRequest request, Identity caller) {
            this.id = id;
            this.request = request;
            this.caller = caller;
        }

        boolean managed() {
            return request.follow();
        }

        @Override
        public void rowsRead(long n) {
            rows.addAndGet(n);
        }

        @Override
        public void committed(String targetTable, long n, long snapshotId) {
            commits.incrementAndGet();
        }

        JobInfo info() {
            String state = future == null || !future.isDone()
                    ? (stop.get() ? "stopping" : waitingToRetry ? "retrying" : "running")
                    : error != null ? "failed" : result.status();
            return new JobInfo(id, request.source(), request.mode().label(), request.follow(), managed(), state, rows.get(),
                    commits.get(), attempts.get(), startedAt, Duration.between(startedAt, Instant.now()), result, error);
        }
    }

    public JobInfo start(Identity caller, SyncRequest request) {
        Job job = new Job(UUID.randomUUID().toString(), request, caller);
        if (job.managed()) {
            record(job);
        }
        return launch(job).info();
    }

    /** Starts every managed job recorded in the metadata store that is not running here yet; returns how many. */
    public int resume() {
        List<Job> recorded = store.withConnection(c -> {
            List<Job> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, request, created_by FROM zt_sync_job ORDER BY created_at");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new Job(rs.getString(1), parseRequest(rs.getString(2)), Identity.fromPrincipal(rs.getString(3))));
                }
            }
            return out;
        });
        int resumed = 0;
        for (Job job : recorded) {
            if (!jobs.containsKey(job.id)) {
                LOG.info("Resuming sync job {} of source {} ({})", job.id, job.request.source(), job.request.mode().label());
                launch(job);
                resumed++;
            }
        }
        return resumed;
    }

    private Job launch(Job job) {
        jobs.put(job.id, job);
        job.future = executor.submit(() -> run(job));
        return job;
    }

    private void run(Job job) {
        Duration backoff = FIRST_RETRY;
        while (true) {
            try {
                job.result = engine.sync(job.caller, job.request, job, job.stop);
                job.error = null;
                if (!job.managed() || job.stop.get() || job.result.succeeded()) {
                    return;
                }
                job.error = job.result.tables().stream().filter(t -> t.error() != null).map(t -> t.sourceTable() + ": " + t.error())
                        .findFirst().orElse("failed");
            } catch (RuntimeException e) {
                job.error = e.getMessage();
                if (!job.managed()) {
                    LOG.warn("Sync job {} of source {} failed: {}", job.id, job.request.source(), e.getMessage());
                    return;
                }
            }
            // A managed job retries from the stored position until it is stopped.
            job.attempts.incrementAndGet();
            LOG.warn("Sync job {} of source {} failed (attempt {}), retrying in {}: {}", job.id, job.request.source(),
                    job.attempts.get(), backoff, job.error);
            if (!sleepUnlessStopped(job, backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
        }
    }

    private static boolean sleepUnlessStopped(Job job, Duration wait) {
        job.waitingToRetry = true;
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                if (job.stop.get()) {
                    return false;
                }
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
            return !job.stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            job.waitingToRetry = false;
        }
    }

    public List<JobInfo> list() {
        List<JobInfo> out = new ArrayList<>();
        jobs.values().forEach(j -> out.add(j.info()));
        out.sort(Comparator.comparing(JobInfo::startedAt).reversed());
        return out;
    }

    public JobInfo get(String id) {
        return job(id).info();
    }

    /** Managed jobs of {@code source} that are recorded to run (so the source must not be removed). */
    public List<String> managedJobsOf(String source) {
        return store.withConnection(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id FROM zt_sync_job WHERE source = ?")) {
                select.setString(1, source);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * Asks the job to stop after its current batch (a managed job is no longer resumed) and waits up to {@code wait}
     * for it.
     */
    public JobInfo stop(String id, Duration wait) {
        Job job = job(id);
        job.stop.set(true);
        forget(id);
        try {
            job.future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // still stopping, or failed: the info says which
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return job.info();
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ZhongtaiException.notFound("Sync job does not exist: %s", id);
        }
        return job;
    }

    private void record(Job job) {
        store.withConnection(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO zt_sync_job (id, source, request, created_at, created_by) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, job.id);
                insert.setString(2, job.request.source());
                insert.setString(3, requestJson(job.request));
                insert.setLong(4, clock.millis());
                insert.setString(5, job.caller.principal());
                return insert.executeUpdate();
            }
        });
    }

    private void forget(String id) {
        store.withConnection(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM zt_sync_job WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate();
            }
        });
    }

    static String requestJson(SyncRequest r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", r.source());
        r.tables().forEach(node.putArray("tables")::add);
        node.put("all", r.all());
        node.put("namespace", r.namespace());
        node.put("mode", r.mode().label());
        r.cursorColumn().ifPresent(c -> node.put("cursor", c));
        node.put("parallelism", r.parallelism());
        node.put("follow", r.follow());
        node.put("commitIntervalMillis", r.commitInterval().toMillis());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SyncRequest parseRequest(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<String> tables = new ArrayList<>();
            n.path("tables").forEach(t -> tables.add(t.asText()));
            return new SyncRequest(n.get("source").asText(), tables, n.path("all").asBoolean(), n.path("namespace").asText(null),
                    SyncMode.parse(n.get("mode").asText()), Optional.ofNullable(n.path("cursor").asText(null)),
                    n.path("parallelism").asInt(1), n.path("follow").asBoolean(),
                    Duration.ofMillis(n.path("commitIntervalMillis").asLong(1000)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable sync job request in zt_sync_job: " + e.getOriginalMessage(), e);
        }
    }

    /** Stops every job (after its current batch); managed jobs stay recorded and resume with the next server. */
    @Override
    public void close() {
        jobs.values().forEach(j -> j.stop.set(true));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
