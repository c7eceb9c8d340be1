package io.zhongtai.pipeline.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.core.session.Session;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.run.PipelineRunner;
import io.zhongtai.pipeline.spec.PipelineSpec;
import io.zhongtai.pipeline.spec.ScheduleSpec;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.pipeline.store.RunStore.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The server's scheduler. Every {@link #TICK}: queues the cron ticks that came due for each unpaused pipeline
 * (catch-up policy after downtime), fails runs whose process stopped heartbeating, and starts queued runs whose
 * upstream pipelines have succeeded for the same business date, within each pipeline's {@code max_active_runs}.
 *
 * <p>Several servers may share one metadata store: a tick is queued once (the run's unique schedule key), a run is
 * executed by the one process that claims it, and the last tick handled is kept in the store, not in memory.
 */
public final class PipelineScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineScheduler.class);
    public static final Duration TICK = Duration.ofSeconds(1);
    /** A running run whose heartbeat is older than this was orphaned by a process that stopped. */
    public static final Duration ORPHANED_AFTER = PipelineRunner.HEARTBEAT.multipliedBy(6);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final String LAST_TICK_KEY = "pipeline.last_tick.";

    private final PipelineService service;
    private final MetadataStore store;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final Set<String> executing = ConcurrentHashMap.newKeySet();
    private final Session session = Session.of(Identity.system());

    public PipelineScheduler(PipelineService service, MetadataStore store, Clock clock, int workerThreads) {
        this.service = requireNonNull(service, "service is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "zt-scheduler"));
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> daemon(r, "zt-pipeline-run"));
    }

    public void start() {
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Pipeline scheduler started ({})", service.owner());
    }

    private void tickSafely() {
        try {
            tick(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Pipeline scheduler tick failed; retrying at the next tick", e);
        }
    }

    /** One pass: queue due ticks, fail orphans, start what may start. Public for tests that drive time themselves. */
    public void tick(Instant now) {
        for (PipelineStore.Pipeline p : service.pipelines().list()) {
            if (!p.paused()) {
                queueDueTicks(p, now);
                checkSla(p, now);
            }
        }
        service.runStore().failOrphans(now.minus(ORPHANED_AFTER));
        startQueued(now);
    }

    private void queueDueTicks(PipelineStore.Pipeline p, Instant now) {
        PipelineSpec spec = service.spec(p.name(), p.currentVersion());
        if (spec.schedule().isEmpty()) {
            return;
        }
        ScheduleSpec schedule = spec.schedule().get();
        ExecutionTime cron = ExecutionTime.forCron(CRON.parse(schedule.cron()));
        ZonedDateTime zonedNow = now.atZone(schedule.timezone());
        Optional<Instant> lastHandled = lastTick(p.name());
        if (lastHandled.isEmpty()) {
            // A new schedule starts from now: it does not make up for the time before it existed.
            setLastTick(p.name(), now);
            return;
        }
        List<ZonedDateTime> due = new ArrayList<>();
        Optional<ZonedDateTime> next = cron.nextExecution(lastHandled.get().atZone(schedule.timezone()));
        while (next.isPresent() && !next.get().isAfter(zonedNow) && due.size() < 10_000) {
            due.add(next.get());
            next = cron.nextExecution(next.get());
        }
        if (due.isEmpty()) {
            return;
        }
        List<ZonedDateTime> toQueue = switch (schedule.catchUp()) {
            case ALL -> due;
            case LATEST -> List.of(due.get(due.size() - 1));
            // Without catch-up only a tick of the last minute counts: anything older was missed while down.
            case NONE -> due.get(due.size() - 1).isBefore(zonedNow.minusMinutes(1)) ? List.of() : List.of(due.get(due.size() - 1));
        };
        for (ZonedDateTime tick : toQueue) {
            LocalDate bizdate = tick.toLocalDate().plusDays(schedule.bizdateOffsetDays());
            String key = p.name() + "@" + tick.toInstant();
            service.queue(p, bizdate, RunStore.Trigger.SCHEDULE, key, null, session)
                    .ifPresent(run -> LOG.info("Queued scheduled run {} of {} for {} (tick {})", run.id(), p.name(), bizdate, tick));
        }
        setLastTick(p.name(), due.get(due.size() - 1).toInstant());
    }

    /**
     * Alerts (once) when today's SLA time has passed and the run of today's scheduled business date has not
     * succeeded. Only days whose schedule had a tick before the SLA time are checked.
     */
    private void checkSla(PipelineStore.Pipeline p, Instant now) {
        PipelineSpec spec = service.spec(p.name(), p.currentVersion());
        if (spec.schedule().isEmpty() || spec.schedule().get().sla() == null || spec.alerts().isEmpty()) {
            return;
        }
        ScheduleSpec schedule = spec.schedule().get();
        ZonedDateTime local = now.atZone(schedule.timezone());
        ZonedDateTime sla = local.toLocalDate().atTime(schedule.sla()).atZone(schedule.timezone());
        ZonedDateTime startOfDay = local.toLocalDate().atStartOfDay(schedule.timezone());
        Optional<ZonedDateTime> firstTick = ExecutionTime.forCron(CRON.parse(schedule.cron())).nextExecution(startOfDay.minusSeconds(1));
        if (local.isBefore(sla) || firstTick.isEmpty() || firstTick.get().isAfter(sla)) {
            return;
        }
        LocalDate bizdate = local.toLocalDate().plusDays(schedule.bizdateOffsetDays());
        Optional<Run> latest = service.runStore().latest(p.name(), bizdate);
        if (latest.isPresent() && latest.get().state() == RunState.SUCCEEDED && latest.get().finishedAt().isBefore(sla.toInstant())) {
            return;
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("bizdate", bizdate.toString());
        details.put("sla", schedule.sla() + " " + schedule.timezone());
        details.put("state", latest.map(r -> r.state().label()).orElse("not started"));
        service.alerts().send(spec.alerts(), new io.zhongtai.pipeline.alert.AlertSender.Alert(p.name(), latest.map(Run::id).orElse(null),
                "sla_miss", "sla:" + p.name() + "@" + local.toLocalDate(), "Pipeline " + p.name() + " missed its SLA ("
                + schedule.sla() + " " + schedule.timezone() + ") for " + bizdate, details));
    }

    private void startQueued(Instant now) {
        Map<String, Integer> active = new HashMap<>();
        for (Run run : service.runStore().queued()) {
            // A backfill executes its own runs, at its own parallelism, while the process holding them heartbeats.
            boolean held = run.owner() != null && run.heartbeatAt() != null && run.heartbeatAt().isAfter(now.minus(ORPHANED_AFTER));
            if (executing.contains(run.id()) || held) {
                continue;
            }
            PipelineSpec spec = service.spec(run.pipeline(), run.version());
            int limit = spec.schedule().map(ScheduleSpec::maxActiveRuns).orElse(1);
            int running = active.computeIfAbsent(run.pipeline(), service.runStore()::running);
            if (running >= limit || !upstreamDone(spec, run)) {
                continue;
            }
            active.put(run.pipeline(), running + 1);
            executing.add(run.id());
            workers.submit(() -> {
                try {
                    service.claimAndExecute(run);
                } catch (RuntimeException e) {
                    LOG.warn("Run {} of pipeline {} failed to execute", run.id(), run.pipeline(), e);
                } finally {
                    executing.remove(run.id());
                }
            });
        }
    }

    /** Whether every upstream pipeline has a succeeded run for the run's business date. */
    private boolean upstreamDone(PipelineSpec spec, Run run) {
        for (String upstream : spec.dependsOn()) {
            Optional<Run> latest = service.runStore().latest(upstream, run.bizdate());
            if (latest.isEmpty() || latest.get().state() != RunState.SUCCEEDED) {
                return false;
            }
        }
        return true;
    }

    private Optional<Instant> lastTick(String pipeline) {
        return store.query("SELECT value FROM zt_setting WHERE key = ?", row -> row.getString(1), LAST_TICK_KEY + pipeline)
                .stream().findFirst().map(Instant::parse);
    }

    private void setLastTick(String pipeline, Instant tick) {
        store.inTransaction(c -> {
            // Another server may be handling the same tick: the later value wins, both are the same tick.
            if (MetadataStore.update(c, "UPDATE zt_setting SET value = ? WHERE key = ?", tick.toString(), LAST_TICK_KEY + pipeline) == 0) {
                MetadataStore.update(c, "INSERT INTO zt_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        LAST_TICK_KEY + pipeline, tick.toString());
            }
            return null;
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
