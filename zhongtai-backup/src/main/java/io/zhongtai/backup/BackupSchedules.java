package io.zhongtai.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.metadata.MetadataException;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.pipeline.spec.AlertSpec;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Scheduled backups: which repository, when (Unix cron in a time zone), what, how many to keep, whom to alert. */
public final class BackupSchedules {
    static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Schedule(String name, String repo, String cron, ZoneId timeZone, BackupManifest.Scope scope, RetentionPolicy retention,
                           AlertSpec alerts, boolean paused, Instant createdAt) {
        public Schedule {
            TableName.checkIdentifier(name, "schedule name");
            requireNonNull(repo, "repo is null");
            requireNonNull(timeZone, "timeZone is null");
            requireNonNull(scope, "scope is null");
            requireNonNull(retention, "retention is null");
            requireNonNull(alerts, "alerts is null");
        }

        ExecutionTime executionTime() {
            return ExecutionTime.forCron(CRON.parse(cron));
        }
    }

    private final MetadataStore store;
    private final Clock clock;

    public BackupSchedules(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Validates the cron expression and time zone, then stores the schedule; the server's scheduler runs it. */
    public Schedule add(String name, String repo, String cron, String timeZone, BackupManifest.Scope scope, RetentionPolicy retention,
                        AlertSpec alerts, String actor) {
        try {
            CRON.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            throw ZhongtaiException.invalid("Cannot add backup schedule %s: bad cron expression '%s': %s", name, cron, e.getMessage());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ZhongtaiException.invalid("Cannot add backup schedule %s: unknown time zone '%s'", name, timeZone);
        }
        Schedule schedule = new Schedule(name, repo, cron, zone, scope, retention, alerts, false, Instant.ofEpochMilli(clock.millis()));
        try {
            store.update("INSERT INTO zt_backup_schedule (name, repo, cron, time_zone, scope, keep_last, keep_daily, keep_weekly, keep_monthly, "
                            + "webhooks, emails, paused, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                    name, repo, cron, zone.getId(), json(scope), retention.keepLast(), retention.keepDaily(), retention.keepWeekly(),
                    retention.keepMonthly(), json(alerts.webhooks()), json(alerts.emails()), schedule.createdAt().toEpochMilli(), actor);
        } catch (MetadataException e) {
            throw ZhongtaiException.conflict("Cannot add backup schedule %s: a schedule with that name exists", name);
        }
        return schedule;
    }

    public List<Schedule> list() {
        return store.query("SELECT name, repo, cron, time_zone, scope, keep_last, keep_daily, keep_weekly, keep_monthly, webhooks, emails, "
                + "paused, created_at FROM zt_backup_schedule ORDER BY name", row -> new Schedule(row.getString(1), row.getString(2),
                row.getString(3), ZoneId.of(row.getString(4)), read(row.getString(5), new TypeReference<>() { }),
                new RetentionPolicy(row.getInt(6), row.getInt(7), row.getInt(8), row.getInt(9)),
                new AlertSpec(read(row.getString(10), new TypeReference<>() { }), read(row.getString(11), new TypeReference<>() { })),
                row.getInt(12) == 1, Instant.ofEpochMilli(row.getLong(13))));
    }

    /** Pauses or resumes a schedule; on resume, as after downtime, only its latest missed tick runs. */
    public void setPaused(String name, boolean paused) {
        if (store.update("UPDATE zt_backup_schedule SET paused = ? WHERE name = ?", paused ? 1 : 0, name) == 0) {
            throw ZhongtaiException.notFound("No backup schedule %s", name);
        }
    }

    public void remove(String name) {
        if (store.update("DELETE FROM zt_backup_schedule WHERE name = ?", name) == 0) {
            throw ZhongtaiException.notFound("No backup schedule %s", name);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot read a backup schedule: " + e.getMessage(), null, e);
        }
    }
}
