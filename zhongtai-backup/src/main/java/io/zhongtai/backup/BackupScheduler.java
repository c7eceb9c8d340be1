package io.zhongtai.backup;

import io.zhongtai.backup.BackupSchedules.Schedule;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.pipeline.alert.AlertSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs scheduled backups inside the server. Each pass looks at every schedule's latest cron tick: a tick after the
 * schedule was made that has no run yet is backed up, then the repository is pruned by the schedule's retention.
 * After downtime only the latest missed tick runs. The run's schedule key is unique in the metadata store, so two
 * servers sharing it never both back up a tick. A failure is recorded in the run history and alerted.
 */
public final class BackupScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);
    private static final Duration TICK = Duration.ofSeconds(30);

    private final BackupService backups;
    private final BackupSchedules schedules;
    private final AlertSender alerts;
    private final Clock clock;
    /** One thread: a pass runs its backups in turn, as they share the disk and the uplink. */
    private final ScheduledExecutorService ticker;

    public BackupScheduler(BackupService backups, BackupSchedules schedules, AlertSender alerts, Clock clock) {
        this.backups = requireNonNull(backups, "backups is null");
        this.schedules = requireNonNull(schedules, "schedules is null");
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "zt-backup-scheduler"));
    }

    public void start() {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Backup scheduler pass failed; retrying at the next one", e);
            }
        }, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
        LOG.info("Backup scheduler started");
    }

    /** One pass, run in the calling thread: public for tests that drive time themselves. */
    public void tick(Instant now) {
        for (Schedule schedule : schedules.list()) {
            if (!schedule.paused()) {
                dueTick(schedule, now).ifPresent(tick -> runTick(schedule, tick));
            }
        }
    }


    private static Optional<Instant> dueTick(Schedule schedule, Instant now) {
        return schedule.executionTime().lastExecution(now.atZone(schedule.timeZone())).map(ZonedDateTime::toInstant)
                .filter(tick -> tick.isAfter(schedule.createdAt()));
    }

    private void runTick(Schedule schedule, Instant tick) {
        String key = schedule.name() + "@" + tick;
        try {
            Optional<BackupManifest> backup = backups.createScheduled(schedule.repo(), schedule.scope(), key, ProgressListener.NONE);
            if (backup.isEmpty()) {
                return; // this tick ran already, here or on another server
            }
            LOG.info("Scheduled backup {} took backup {}", key, backup.get().id());
            if (!schedule.retention().keepsNothing()) {
                backups.prune(schedule.repo(), schedule.retention(), schedule.timeZone(), false, "scheduler");
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled backup {} failed: {}", key, e.getMessage());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("schedule", schedule.name());
            details.put("repo", schedule.repo());
            details.put("tick", tick.toString());
            details.put("error", e.getMessage());
            alerts.send(schedule.alerts(), new AlertSender.Alert("backup:" + schedule.name(), null, "failure", "backup-failure:" + key,
                    "Scheduled backup " + schedule.name() + " failed: " + e.getMessage(), details));
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
