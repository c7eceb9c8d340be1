package io.zhongtai.backup;

import io.zhongtai.core.metadata.MetadataException;
import io.zhongtai.core.metadata.MetadataStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/** The history of backup, restore, verify and prune runs: what ran, on which repository, how it ended, how long. */
public final class BackupRuns {
    public enum Kind { BACKUP, RESTORE, VERIFY, PRUNE }

    public enum State { RUNNING, SUCCEEDED, FAILED }

    public record Run(String id, String kind, String repo, String backupId, String state, String trigger, Instant startedAt,
                      Instant finishedAt, Long files, Long bytes, Long newBytes, String detail, String error, String createdBy) {
        public Optional<Duration> duration() {
            return finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
        }
    }

    /** The figures a finished run records. */
    public record Outcome(String backupId, long files, long bytes, long newBytes, String detail) {
    }

    private static final String COLUMNS = "id, kind, repo, backup_id, state, run_trigger, started_at, finished_at, files, bytes, "
            + "new_bytes, detail, error, created_by";

    /** A run whose heartbeat is older than this lost its process (killed, crashed) and is marked failed. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zt-backup-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final MetadataStore store;
    private final Clock clock;

    public BackupRuns(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Records a run as started. {@code scheduleKey} (schedule and tick) is unique: when another server recorded the
     * same tick first, this returns empty and the caller must not run it.
     */
    public Optional<String> start(Kind kind, String repo, String trigger, String scheduleKey, String actor) {
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        failAbandoned(now);
        try {
            store.update("INSERT INTO zt_backup_run (id, kind, repo, state, run_trigger, schedule_key, started_at, heartbeat_at, created_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, name(kind), repo, name(State.RUNNING), trigger, scheduleKey, now, now, actor);
        } catch (MetadataException e) {
            if (scheduleKey != null && !store.query("SELECT id FROM zt_backup_run WHERE schedule_key = ?", row -> row.getString(1), scheduleKey).isEmpty()) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(id);
    }

    /** Records a run that finished successfully just now, after {@code took}; for work done before this store existed. */
    public void recordFinished(Kind kind, String repo, Duration took, Outcome outcome, String actor) {
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        store.update("INSERT INTO zt_backup_run (id, kind, repo, state, run_trigger, started_at, heartbeat_at, created_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, name(kind), repo, name(State.RUNNING), "manual", now - took.toMillis(), now, actor);
        succeeded(id, outcome);
    }

    /** A running run's heartbeat; closing it stops the beat. */
    interface Heartbeat extends AutoCloseable {
        @Override
        void close();
    }

    /** Keeps a running run's heartbeat fresh until the returned handle is closed. */
    Heartbeat heartbeat(String id) {
        ScheduledFuture<?> beat = HEARTBEATS.scheduleAtFixedRate(
                () -> store.update("UPDATE zt_backup_run SET heartbeat_at = ? WHERE id = ?", clock.millis(), id),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return () -> beat.cancel(false);
    }

    /** Marks failed the runs whose process stopped without recording an end. */
    private void failAbandoned(long now) {
        store.update("UPDATE zt_backup_run SET state = ?, finished_at = heartbeat_at, error = ? WHERE state = ? AND heartbeat_at < ?",
                name(State.FAILED), "abandoned: its process stopped before the run ended (no heartbeat for " + ABANDONED_AFTER.toMinutes()
                        + " minutes)", name(State.RUNNING), now - ABANDONED_AFTER.toMillis());
    }

    public void succeeded(String id, Outcome outcome) {
        store.update("UPDATE zt_backup_run SET state = ?, finished_at = ?, backup_id = ?, files = ?, bytes = ?, new_bytes = ?, detail = ? "
                        + "WHERE id = ?", name(State.SUCCEEDED), clock.millis(), outcome.backupId(), outcome.files(), outcome.bytes(),
                outcome.newBytes(), outcome.detail(), id);
    }

    public void failed(String id, String error) {
        store.update("UPDATE zt_backup_run SET state = ?, finished_at = ?, error = ? WHERE id = ?", name(State.FAILED), clock.millis(), error, id);
    }

    /** The newest runs first; {@code kind} null for every kind. */
    public List<Run> list(Kind kind, int limit) {
        String where = kind == null ? "" : " WHERE kind = '" + name(kind) + "'";
        return store.query("SELECT " + COLUMNS + " FROM zt_backup_run" + where + " ORDER BY started_at DESC LIMIT " + limit, row -> new Run(
                row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                Instant.ofEpochMilli(row.getLong(7)), row.getObject(8) == null ? null : Instant.ofEpochMilli(row.getLong(8)),
                (Long) longOrNull(row.getObject(9)), longOrNull(row.getObject(10)), longOrNull(row.getObject(11)), row.getString(12),
                row.getString(13), row.getString(14)));
    }

    /** The last successful restore, whose duration {@code backup status} reports as the measured restore time. */
    public Optional<Run> lastRestore() {
        return list(Kind.RESTORE, 50).stream().filter(r -> r.state().equals(name(State.SUCCEEDED))).findFirst();
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
