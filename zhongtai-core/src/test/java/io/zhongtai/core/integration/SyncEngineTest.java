package io.zhongtai.core.integration;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync engine's semantics over the in-memory source: replace, upsert, resume, drift, CDC fold, masking. */
class SyncEngineTest {
    @TempDir
    Path home;

    private PlatformFixture fixture;
    private IntegrationService integration;

    @BeforeEach
    void open() {
        MemoryConnector.TABLES.clear();
        fixture = new PlatformFixture(home);
        integration = fixture.platform.integration();
        integration.addSource(fixture.session, "mem", "memory", Map.of(), Map.of("token", "tok-123"), "test source");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static MemoryConnector.Table orders() {
        MemoryConnector.Table t = MemoryConnector.create("orders", List.of(new Column("id", DataType.BIGINT, "int8", false),
                Column.of("amount", DataType.decimal(10, 2)), Column.of("updated", DataType.BIGINT)), List.of("id"));
        for (int i = 1; i <= 1000; i++) {
            t.rows.add(Arrays.asList((long) i, new BigDecimal(i + ".50"), (long) i));
        }
        return t;
    }

    private SyncResult sync(SyncMode mode, String cursor, String... tables) {
        return integration.sync(fixture.session, new SyncRequest("mem", List.of(tables), false, "ods", mode, Optional.ofNullable(cursor),
                4, false, null), SyncListener.NONE, new AtomicBoolean());
    }

    @Test
    void fullSyncReplacesRowsAtomicallyAndIsIdempotent() {
        orders();
        SyncResult first = sync(SyncMode.FULL, null, "orders");
        assertThat(first.succeeded()).isTrue();
        assertThat(first.tables().get(0).targetTable()).isEqualTo("ods.mem_orders");
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1000);
        assertThat(fixture.rows("SELECT sum(amount) FROM ods.mem_orders").get(0).get(0)).isEqualTo(new BigDecimal("501000.00"));
        SyncResult second = sync(SyncMode.FULL, null, "orders");
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1000);
        assertThat(fixture.rows("SELECT count(*) FROM (SELECT id FROM ods.mem_orders GROUP BY id HAVING count(*) > 1)").get(0).get(0))
                .isEqualTo(0L);
        // The state mirrored for `source status` names the commit (a full sync stores no position).
        assertThat(integration.syncStates(fixture.session, "mem")).singleElement().satisfies(state -> {
            assertThat(state.snapshotId()).isEqualTo(second.tables().get(0).snapshotId());
            assertThat(state.position()).isNull();
            assertThat(state.rowsSynced()).isEqualTo(1000);
        });
    }

    @Test
    void incrementalUpsertsChangedRowsByKeyAndStoresTheHighWaterMark() {
        MemoryConnector.Table t = orders();
        sync(SyncMode.INCREMENTAL, "updated", "orders");
        synchronized (t) {
            t.rows.set(9, Arrays.asList(10L, new BigDecimal("99.99"), 1001L));
            t.rows.add(Arrays.asList(1001L, new BigDecimal("1.00"), 1002L));
        }
        SyncResult second = sync(SyncMode.INCREMENTAL, null, "orders");
        assertThat(second.rows()).isEqualTo(2);
        assertThat(second.tables().get(0).position()).contains("\"cursor\":\"updated\"").contains("\"value\":\"1002\"");
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1001);
        assertThat(fixture.rows("SELECT amount FROM ods.mem_orders WHERE id = 10").get(0).get(0)).isEqualTo(new BigDecimal("99.99"));
        assertThat(sync(SyncMode.INCREMENTAL, null, "orders").rows()).isZero();
        assertThat(integration.syncStates(fixture.session, "mem")).singleElement()
                .satisfies(s -> assertThat(s.rowsSynced()).isEqualTo(1002));
    }

    @Test
    void newSourceColumnsAreAddedAndIncompatibleChangesCommitNothing() {
        MemoryConnector.Table t = orders();
        sync(SyncMode.FULL, null, "orders");
        List<Column> widened = new ArrayList<>(t.columns);
        widened.add(Column.of("note", DataType.STRING));
        t.columns = widened;
        synchronized (t) {
            t.rows.replaceAll(r -> Arrays.asList(r.get(0), r.get(1), r.get(2), "n" + r.get(0)));
        }
        sync(SyncMode.FULL, null, "orders");
        assertThat(fixture.rows("SELECT note FROM ods.mem_orders WHERE id = 7").get(0).get(0)).isEqualTo("n7");
        long snapshots = fixture.platform.lakehouse().table(new io.zhongtai.core.lakehouse.TableName("ods", "mem_orders")).history().size();

        List<Column> incompatible = new ArrayList<>(widened);
        incompatible.set(1, Column.of("amount", DataType.DATE));
        t.columns = incompatible;
        assertThatThrownBy(() -> sync(SyncMode.FULL, null, "orders"))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.CONFLICT))
                .hasMessageContaining("amount is DECIMAL(10,2) in the table but DATE in the source")
                .hasMessageContaining("nothing was committed");
        assertThat(fixture.platform.lakehouse().table(new io.zhongtai.core.lakehouse.TableName("ods", "mem_orders")).history())
                .hasSize((int) snapshots);
    }

    @Test
    void aFailedReadLeavesTheTableAtItsLastCommitAndLeavesNoFiles() throws Exception {
        orders();
        sync(SyncMode.FULL, null, "orders");
        integration.addSource(fixture.session, "flaky", "memory", Map.of("fail-after", "1"), Map.of(), null);
        assertThatThrownBy(() -> integration.sync(fixture.session, new SyncRequest("flaky", List.of("orders"), false, "ods",
                SyncMode.FULL, Optional.empty(), 4, false, null), SyncListener.NONE, new AtomicBoolean()))
                .hasMessageContaining("simulated crash");
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1000);
        assertThat(fixture.platform.lakehouse().tableExists(new io.zhongtai.core.lakehouse.TableName("ods", "flaky_orders"))).isFalse();
    }

    @Test
    void cdcFoldsChangesIntoUpsertsAndDeletesAndResumesWithoutDuplicates() {
        MemoryConnector.Table t = orders();
        SyncResult snapshot = integration.sync(fixture.session, new SyncRequest("mem", List.of("orders"), false, "ods", SyncMode.CDC,
                Optional.empty(), 1, false, null), SyncListener.NONE, new AtomicBoolean());
        assertThat(snapshot.succeeded()).isTrue();
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1000);
        t.change("u", Arrays.asList(5L, new BigDecimal("1.00"), 2000L));
        t.change("u", Arrays.asList(5L, new BigDecimal("2.00"), 2001L));
        t.change("d", Arrays.asList(6L, null, null));
        t.change("c", Arrays.asList(5000L, new BigDecimal("3.00"), 2002L));
        t.change("d", Arrays.asList(5000L, null, null));
        t.change("c", Arrays.asList(5000L, new BigDecimal("4.00"), 2003L));
        integration.sync(fixture.session, new SyncRequest("mem", List.of("orders"), false, "ods", SyncMode.CDC, Optional.empty(), 1,
                false, null), SyncListener.NONE, new AtomicBoolean());
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1000);
        assertThat(fixture.rows("SELECT amount FROM ods.mem_orders WHERE id IN (5, 5000) ORDER BY id"))
                .containsExactly(List.of(new BigDecimal("2.00")), List.of(new BigDecimal("4.00")));
        assertThat(fixture.rows("SELECT count(*) FROM ods.mem_orders WHERE id = 6").get(0).get(0)).isEqualTo(0L);
        // A restart resumes after the stored offset: nothing is applied twice, nothing is lost.
        t.change("u", Arrays.asList(7L, new BigDecimal("7.77"), 2004L));
        integration.sync(fixture.session, new SyncRequest("mem", List.of("orders"), false, "ods", SyncMode.CDC, Optional.empty(), 1,
                false, null), SyncListener.NONE, new AtomicBoolean());
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(1000);
        assertThat(fixture.rows("SELECT amount FROM ods.mem_orders WHERE id = 7").get(0).get(0)).isEqualTo(new BigDecimal("7.77"));
    }

    @Test
    void aFreshCdcSnapshotReplacesRowsDeletedSinceAnEarlierLoad() {
        MemoryConnector.Table t = orders();
        assertThat(sync(SyncMode.FULL, null, "orders").succeeded()).isTrue();
        synchronized (t) {
            t.rows.removeIf(row -> (Long) row.get(0) <= 10);
        }
        // No CDC offset is stored yet, so CDC starts with a snapshot; its first commit must not keep ids 1-10.
        assertThat(sync(SyncMode.CDC, null, "orders").succeeded()).isTrue();
        assertThat(fixture.count("ods.mem_orders")).isEqualTo(990);
        assertThat(fixture.rows("SELECT min(id) FROM ods.mem_orders").get(0).get(0)).isEqualTo(11L);
    }

    @Test
    void secretsAreEncryptedAtRestAndMaskedInEveryListing() throws Exception {
        assertThat(integration.source(fixture.session, "mem").options()).containsEntry("token", "******");
        String stored = fixture.platform.metadata().withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT secrets FROM zt_source WHERE name = 'mem'")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored).contains("v1:").doesNotContain("tok-123");
        assertThat(Files.readString(home.resolve("secrets/master.key"))).isNotBlank();
        assertThat(fixture.platform.audit().recent(10)).anySatisfy(e -> assertThat(e.action()).isEqualTo("source.add"));
        assertThat(fixture.platform.audit().recent(10).toString()).doesNotContain("tok-123");
    }

    @Test
    void badSourceDefinitionsListEveryProblem() {
        assertThatThrownBy(() -> integration.addSource(fixture.session, "m2", "memory", Map.of("token", "x", "fail-aftr", "1"), Map.of(), null))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("token: is secret: pass it with --secret token=ENV_VAR");
        assertThatThrownBy(() -> integration.addSource(fixture.session, "m2", "memory", Map.of("fail-aftr", "1"), Map.of(), null))
                .hasMessageContaining("fail-aftr: unknown option (did you mean 'fail-after'?)");
        assertThatThrownBy(() -> integration.addSource(fixture.session, "m2", "oracle", Map.of(), Map.of(), null))
                .hasMessageContaining("Unknown connector type 'oracle'; known types:");
        assertThatThrownBy(() -> integration.addSource(fixture.session, "Bad-Name", "memory", Map.of(), Map.of(), null))
                .hasMessageContaining("name must be 1 to 63 lower-case letters");
        assertThatThrownBy(() -> integration.addSource(fixture.session, "mem", "memory", Map.of(), Map.of(), null))
                .hasMessageContaining("name already exists: mem");
        assertThatThrownBy(() -> sync(SyncMode.FULL, null, "no_such_table"))
                .hasMessageContaining("Table does not exist: no_such_table");
    }
}
