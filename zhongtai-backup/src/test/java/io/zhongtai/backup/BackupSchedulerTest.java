package io.zhongtai.backup;

import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.pipeline.alert.AlertSender;
import io.zhongtai.pipeline.spec.AlertSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackupSchedulerTest {
    static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void twoSchedulersOnOneStoreBackUpEachTickOnceThenPruneAndAFailureIsAlerted() {
        try (PlatformFixture fixture = new PlatformFixture(dir.resolve("home"))) {
            fixture.run("CREATE TABLE dwd.orders AS SELECT i AS id FROM range(0, 100) t(i)");
            BackupService backups = new BackupService(fixture.platform, Clock.systemUTC());
            backups.repos().add("local", BackupRepos.RepoLocation.parse(dir.resolve("repo").toUri().toString(), S3Options.DEFAULT),
                    "passphrase".toCharArray(), "test");
            BackupSchedules schedules = new BackupSchedules(fixture.platform.metadata(), Clock.fixed(CREATED, ZoneOffset.UTC));
            schedules.add("nightly", "local", "0 3 * * *", "Asia/Shanghai", BackupManifest.Scope.everything(),
                    new RetentionPolicy(1, 0, 0, 0), AlertSpec.NONE, "test");
            schedules.add("broken", "gone", "0 3 * * *", "UTC", BackupManifest.Scope.everything(), new RetentionPolicy(1, 0, 0, 0),
                    new AlertSpec(List.of("http://127.0.0.1:9/hook"), List.of()), "test");
            AlertSender alerts = new AlertSender(fixture.platform.metadata(), new ZhongtaiConfig.Alerts(java.util.Optional.empty()), Map.of(),
                    Clock.systemUTC());
            BackupScheduler one = new BackupScheduler(backups, schedules, alerts, Clock.systemUTC());
            BackupScheduler two = new BackupScheduler(new BackupService(fixture.platform, Clock.systemUTC()), schedules, alerts, Clock.systemUTC());

            // 03:00 in Shanghai is 19:00 UTC the day before; before the first tick nothing runs
            one.tick(Instant.parse("2026-11-20T18:59:00Z"));
            assertThat(backups.list("local")).isEmpty();
            one.tick(Instant.parse("2026-11-20T19:05:00Z"));
            two.tick(Instant.parse("2026-11-20T19:05:00Z"));
            one.tick(Instant.parse("2026-11-20T19:06:00Z"));
            assertThat(backups.list("local")).hasSize(1);
            assertThat(backups.runs().list(BackupRuns.Kind.BACKUP, 10)).filteredOn(r -> r.state().equals("succeeded")).hasSize(1)
                    .allSatisfy(r -> assertThat(r.trigger()).isEqualTo("schedule"));

            // paused schedules do not run
            schedules.setPaused("nightly", true);
            schedules.setPaused("broken", true);
            one.tick(Instant.parse("2026-11-21T19:05:00Z"));
            assertThat(backups.runs().list(BackupRuns.Kind.BACKUP, 10)).hasSize(1);
            schedules.setPaused("nightly", false);
            schedules.setPaused("broken", false);

            // after two days down, only the latest missed tick runs; retention then keeps one backup
            two.tick(Instant.parse("2026-11-23T08:00:00Z"));
            assertThat(backups.runs().list(BackupRuns.Kind.BACKUP, 10)).filteredOn(r -> r.state().equals("succeeded")).hasSize(2);
            assertThat(backups.list("local")).hasSize(1);
            assertThat(backups.runs().list(BackupRuns.Kind.PRUNE, 10)).hasSize(2);

            // the broken schedule was not due on the 20th (its 03:00 UTC tick came before it was made); the later pass ran its latest tick, which failed
            assertThat(backups.runs().list(BackupRuns.Kind.BACKUP, 10)).filteredOn(r -> r.repo().equals("gone")).hasSize(1)
                    .allSatisfy(r -> assertThat(r.error()).startsWith("No backup repository gone"));
            assertThat(fixture.platform.metadata().query("SELECT alert_key, outcome FROM zt_alert ORDER BY alert_key",
                    row -> row.getString(1) + " " + row.getString(2))).hasSize(1)
                    .allSatisfy(a -> assertThat(a).startsWith("backup-failure:broken@").contains("webhook http://127.0.0.1:9/hook: "));
        }
    }
}
