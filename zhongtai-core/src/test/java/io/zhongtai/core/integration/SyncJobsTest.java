package io.zhongtai.core.integration;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Managed sync jobs: they survive a server restart, retry after failures, and stop for good when stopped. */
class SyncJobsTest {
    @TempDir
    Path home;

    private MemoryConnector.Table orders;

    @BeforeEach
    void seed() {
        MemoryConnector.TABLES.clear();
        orders = MemoryConnector.create("orders", List.of(new Column("id", DataType.BIGINT, "int8", false),
                Column.of("amount", DataType.decimal(10, 2))), List.of("id"));
        for (long i = 1; i <= 100; i++) {
            orders.rows.add(Arrays.asList(i, new BigDecimal(i + ".00")));
        }
    }

    private static SyncRequest followCdc(String source) {
        return new SyncRequest(source, List.of("orders"), false, "ods", SyncMode.CDC, Optional.empty(), 1, true, Duration.ofMillis(50));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long countOrZero(PlatformFixture f, String table) {
        try {
            return f.count(table);
        } catch (ZhongtaiException e) {
            return 0;
        }
    }

    @Test
    void aFollowingJobIsResumedByTheNextServerUntilStopped() throws Exception {
        String id;
        try (PlatformFixture first = new PlatformFixture(home)) {
            IntegrationService integration = first.platform.integration();
            integration.addSource(first.session, "mem", "memory", Map.of(), Map.of(), null);
            SyncJobs.JobInfo job = integration.startSyncJob(first.session, followCdc("mem"));
            id = job.id();
            assertThat(job.managed()).isTrue();
            await("the snapshot", () -> countOrZero(first, "ods.mem_orders") == 100);
            assertThatThrownBy(() -> integration.removeSource(first.session, "mem"))
                    .isInstanceOf(ZhongtaiException.class).hasMessageContaining("sync jobs still follow it").hasMessageContaining(id);
        } // the server stops: the job stops after its batch but stays recorded

        orders.change("c", Arrays.asList(101L, new BigDecimal("101.00")));
        try (PlatformFixture second = new PlatformFixture(home)) {
            IntegrationService integration = second.platform.integration();
            assertThat(integration.resumeSyncJobs()).isEqualTo(1);
            assertThat(integration.resumeSyncJobs()).as("already running").isZero();
            await("the change after the restart", () -> countOrZero(second, "ods.mem_orders") == 101);
            SyncJobs.JobInfo stopped = integration.stopSyncJob(second.session, id, Duration.ofSeconds(10));
            assertThat(stopped.state()).isEqualTo("stopped");
            integration.removeSource(second.session, "mem");
        }
        try (PlatformFixture third = new PlatformFixture(home)) {
            assertThat(third.platform.integration().resumeSyncJobs()).as("a stopped job is not resumed").isZero();
        }
    }

    @Test
    void aFailingJobRetriesWithBackoffUntilStopped() throws Exception {
        try (PlatformFixture f = new PlatformFixture(home)) {
            IntegrationService integration = f.platform.integration();
            integration.addSource(f.session, "flaky", "memory", Map.of("fail-after", "0"), Map.of(), null);
            String id = integration.startSyncJob(f.session, followCdc("flaky")).id();
            await("a retry", () -> integration.syncJob(f.session, id).attempts() >= 2);
            SyncJobs.JobInfo info = integration.syncJob(f.session, id);
            assertThat(info.error()).contains("simulated crash");
            SyncJobs.JobInfo stopped = integration.stopSyncJob(f.session, id, Duration.ofSeconds(10));
            assertThat(stopped.state()).isIn("failed", "stopped");
            int attempts = stopped.attempts();
            Thread.sleep(1500);
            assertThat(integration.syncJob(f.session, id).attempts()).as("no retries after stop").isEqualTo(attempts);
        }
    }

    @Test
    void oneShotJobsAreNotRecorded() throws Exception {
        try (PlatformFixture f = new PlatformFixture(home)) {
            IntegrationService integration = f.platform.integration();
            integration.addSource(f.session, "mem", "memory", Map.of(), Map.of(), null);
            SyncJobs.JobInfo job = integration.startSyncJob(f.session, new SyncRequest("mem", List.of("orders"), false, "ods",
                    SyncMode.FULL, Optional.empty(), 2, false, null));
            assertThat(job.managed()).isFalse();
            await("the full sync", () -> integration.syncJob(f.session, job.id()).state().equals("succeeded"));
            assertThat(integration.resumeSyncJobs()).isZero();
            integration.removeSource(f.session, "mem");
        }
    }

    @Test
    void requestsRoundTripThroughTheirStoredForm() {
        SyncRequest request = new SyncRequest("shop", List.of("public.a", "public.b"), false, "dwd", SyncMode.INCREMENTAL,
                Optional.of("updated_at"), 3, true, Duration.ofMillis(250));
        assertThat(SyncJobs.parseRequest(SyncJobs.requestJson(request))).isEqualTo(request);
    }
}
