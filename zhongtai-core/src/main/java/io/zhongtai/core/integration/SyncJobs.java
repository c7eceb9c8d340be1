package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Syncs running in the background of a server: started over REST, watched, and stopped cleanly (the batch in
 * progress is committed first). Finished jobs are kept for listing until the server stops.
 */
public final class SyncJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);

    private final SyncEngine engine;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "zt-sync-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public SyncJobs(SyncEngine engine) {
        this.engine = engine;
    }

    /** A job as shown to users. */
    public record JobInfo(String id, String source, String mode, boolean follow, String state, long rowsRead, long commits,
                          Instant startedAt, Duration elapsed, SyncResult result, String error) {
    }

    private static final class Job implements SyncListener {
        final String id = UUID.randomUUID().toString();
        final SyncRequest request;
        final Instant startedAt = Instant.now();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong rows = new AtomicLong();
        final AtomicLong commits = new AtomicLong();
        volatile Future<?> future;
        volatile SyncResult result;
        volatile String error;

        Job(SyncRequest request) {
            this.request = request;
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
            String state = future == null || !future.isDone() ? (stop.get() ? "stopping" : "running")
                    : error != null ? "failed" : result.status();
            return new JobInfo(id, request.source(), request.mode().label(), request.follow(), state, rows.get(), commits.get(),
                    startedAt, Duration.between(startedAt, Instant.now()), result, error);
        }
    }

    public JobInfo start(Identity caller, SyncRequest request) {
        Job job = new Job(request);
        jobs.put(job.id, job);
        job.future = executor.submit(() -> {
            try {
                job.result = engine.sync(caller, request, job, job.stop);
            } catch (RuntimeException e) {
                job.error = e.getMessage();
                LOG.warn("Sync job {} of source {} failed: {}", job.id, request.source(), e.getMessage());
            }
        });
        return job.info();
    }

    public List<JobInfo> list() {
        List<JobInfo> out = new ArrayList<>();
        jobs.values().forEach(j -> out.add(j.info()));
        out.sort(Comparator.comparing(JobInfo::startedAt).reversed());
        return out;
    }

    public JobInfo get(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ZhongtaiException.notFound("Sync job does not exist: %s", id);
        }
        return job.info();
    }

    /** Asks the job to stop after its current batch and waits up to {@code wait} for it. */
    public JobInfo stop(String id, Duration wait) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ZhongtaiException.notFound("Sync job does not exist: %s", id);
        }
        job.stop.set(true);
        try {
            job.future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // still stopping, or failed: the info says which
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return job.info();
    }

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
