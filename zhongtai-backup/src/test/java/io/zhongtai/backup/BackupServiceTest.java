package io.zhongtai.backup;

import io.zhongtai.backup.BackupRepos.RepoLocation;
import io.zhongtai.backup.repo.Repository;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.pipeline.PipelineService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backups and restores of a real platform (SQLite metadata, local warehouse) into a file repository. */
class BackupServiceTest {
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    static final String PIPELINE = """
            name: nightly
            nodes:
              - name: totals
                kind: sql
                output: dws.region_totals
                sql: SELECT region, sum(amount) AS amount FROM dwd.orders GROUP BY region
            """;

    @TempDir
    Path dir;

    PlatformFixture fixture;
    BackupService backups;
    RestoreService restores;

    @BeforeEach
    void setUp() {
        fixture = new PlatformFixture(dir.resolve("home"));
        fixture.run("CREATE TABLE dwd.orders (id BIGINT, region VARCHAR, amount DECIMAL(10,2)) PARTITIONED BY (region)");
        fixture.run("INSERT INTO dwd.orders SELECT i, CASE WHEN i % 3 = 0 THEN 'north' ELSE 'south' END, i * 1.5 FROM range(1, 1001) t(i)");
        fixture.run("CREATE TABLE ods.events AS SELECT i AS id, 'e' || i AS name FROM range(0, 500) t(i)");
        fixture.run("ALTER TABLE ods.events DROP COLUMN name");
        fixture.run("ALTER TABLE ods.events ADD COLUMN label VARCHAR");
        fixture.run("INSERT INTO ods.events VALUES (500, 'late')");
        backups = new BackupService(fixture.platform, Clock.systemUTC());
        restores = new RestoreService(fixture.platform, backups, Clock.systemUTC());
        backups.repos().add("local", location(), PASSPHRASE, "test");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    RepoLocation location() {
        return RepoLocation.parse(dir.resolve("repo").toUri().toString(), S3Options.DEFAULT);
    }

    @Test
    void aSecondBackupReadsOnlyNewDataFilesAndARestoreAsANewTableHasTheSameRows() {
        BackupManifest first = backups.create("local", BackupManifest.Scope.everything(), "first", "test", ProgressListener.NONE);
        assertThat(first.tables()).extracting(BackupManifest.TableBackup::name).contains("dwd.orders", "ods.events");
        assertThat(first.table("dwd.orders").rowCount()).isEqualTo(1000);
        assertThat(first.table("dwd.orders").files()).hasSize(2).allSatisfy(f -> assertThat(f.partition()).startsWith("region="));
        assertThat(first.stats().newFiles()).isEqualTo(first.stats().files());

        BackupManifest unchanged = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        assertThat(unchanged.stats().newFiles()).isZero();
        assertThat(unchanged.tables()).as("unchanged tables are taken from the first backup as they are").isEqualTo(first.tables());

        fixture.run("INSERT INTO dwd.orders VALUES (1001, 'north', 10), (1002, 'west', 20)");
        BackupManifest third = backups.create("local", new BackupManifest.Scope(false, List.of(), List.of("dwd.orders")), null, "test",
                ProgressListener.NONE);
        assertThat(third.tables()).extracting(BackupManifest.TableBackup::name).containsExactly("dwd.orders");
        assertThat(third.stats().newFiles()).as("only the appended files").isEqualTo(2);
        assertThat(third.table("dwd.orders").rowCount()).isEqualTo(1002);
        assertThat(third.table("dwd.orders").files()).as("the first backup's files, then the appended ones")
                .startsWith(first.table("dwd.orders").files().toArray(BackupManifest.DataFileBackup[]::new)).hasSize(4);
        restores.restoreTables("local", third.id(), List.of("dwd.orders"), "dwd.orders_now", false, "test", ProgressListener.NONE);
        assertThat(fixture.rows("SELECT count(*) FROM (SELECT * FROM dwd.orders_now EXCEPT SELECT * FROM dwd.orders)")).containsExactly(List.of(0L));
        assertThat(fixture.count("dwd.orders_now")).isEqualTo(1002);

        RestoreService.RestorePlan plan = restores.restoreTables("local", first.id(), List.of("dwd.orders"), "dwd.orders_then", false,
                "test", ProgressListener.NONE);
        assertThat(plan.tables()).singleElement().satisfies(t -> {
            assertThat(t.newTable()).isTrue();
            assertThat(t.rows()).isEqualTo(1000);
        });
        assertThat(fixture.rows("SELECT count(*), sum(amount) FROM dwd.orders_then")).containsExactly(List.of(1000L, new java.math.BigDecimal("750750.00")));
        assertThat(fixture.rows("SELECT count(*) FROM (SELECT * FROM dwd.orders_then EXCEPT SELECT * FROM dwd.orders WHERE id <= 1000)"))
                .containsExactly(List.of(0L));
        // a table whose columns were dropped and added keeps its field ids: the data lines up with the names
        restores.restoreTables("local", first.id(), List.of("ods.events"), "ods.events_then", false, "test", ProgressListener.NONE);
        assertThat(fixture.rows("SELECT count(*), count(label), max(label) FROM ods.events_then")).containsExactly(List.of(501L, 1L, "late"));
        assertThat(backups.runs().list(null, 10)).extracting(BackupRuns.Run::kind).containsSubsequence("restore", "restore", "backup");
    }

    @Test
    void tablesWithDeleteFilesOrFilesUnderAnOlderPartitionSpecAreRefusedByName() {
        org.apache.iceberg.Table orders = fixture.platform.lakehouse().table(new TableName("dwd", "orders"));
        org.apache.iceberg.DataFile north = org.apache.iceberg.relocated.com.google.common.collect.Iterables.get(
                orders.currentSnapshot().addedDataFiles(orders.io()), 0);
        // Zhongtai never writes delete files; another engine (Spark's merge-on-read) could
        orders.newRowDelta().addDeletes(org.apache.iceberg.FileMetadata.deleteFileBuilder(orders.spec())
                .ofPositionDeletes().withPath(orders.location() + "/data/deletes.parquet").withFormat("parquet")
                .withPartition(north.partition()).withFileSizeInBytes(100).withRecordCount(1).build()).commit();
        assertThatThrownBy(() -> backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessageContaining("Cannot back up table dwd.orders: its snapshot")
                .hasMessageContaining("has delete files");

        org.apache.iceberg.Table events = fixture.platform.lakehouse().table(new TableName("ods", "events"));
        events.updateSpec().addField("id").commit();
        assertThatThrownBy(() -> backups.create("local", new BackupManifest.Scope(false, List.of(), List.of("ods.events")), null, "test",
                ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessageContaining("Cannot back up table ods.events: file")
                .hasMessageContaining("was written under an older partition spec");
        assertThat(backups.list("local")).as("no backup is listed after a refusal").isEmpty();
    }

    @Test
    void restoringIntoTheExistingTableAddsASnapshotAndKeepsItsHistory() {
        BackupManifest backup = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        fixture.run("DELETE FROM dwd.orders WHERE region = 'south'");
        int snapshotsBefore = org.apache.iceberg.relocated.com.google.common.collect.Iterables.size(fixture.platform.lakehouse().table(new TableName("dwd", "orders")).snapshots());

        RestoreService.RestorePlan plan = restores.restoreTables("local", backup.id(), List.of("dwd"), null, false, "test", ProgressListener.NONE);

        assertThat(plan.tables()).singleElement().satisfies(t -> assertThat(t.newTable()).isFalse());
        assertThat(fixture.count("dwd.orders")).isEqualTo(1000);
        assertThat(org.apache.iceberg.relocated.com.google.common.collect.Iterables.size(fixture.platform.lakehouse().table(new TableName("dwd", "orders")).snapshots())).isEqualTo(snapshotsBefore + 1);
    }

    @Test
    void aTableLeftEmptyByACrashedRestoreIsFilledWhenTheRestoreRunsAgain() {
        BackupManifest backup = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        // what a restore killed between registering the table and filling it leaves: an empty table marked pending
        fixture.run("CREATE TABLE dwd.orders_back (unrelated VARCHAR)");
        fixture.platform.lakehouse().table(new TableName("dwd", "orders_back")).updateProperties()
                .set(TableRestorer.PENDING_PROPERTY, "an-earlier-backup").commit();

        RestoreService.RestorePlan plan = restores.restoreTables("local", backup.id(), List.of("dwd.orders"), "dwd.orders_back", false,
                "test", ProgressListener.NONE);

        assertThat(plan.tables()).singleElement().satisfies(t -> assertThat(t.newTable()).isTrue());
        assertThat(fixture.rows("SELECT count(*), sum(amount) FROM dwd.orders_back")).containsExactly(List.of(1000L, new java.math.BigDecimal("750750.00")));
        assertThat(fixture.platform.lakehouse().table(new TableName("dwd", "orders_back")).properties()).doesNotContainKey(TableRestorer.PENDING_PROPERTY);
    }

    @Test
    void aRestoreOverAChangedSchemaIsRefusedWithTheWayOut() {
        BackupManifest backup = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        fixture.run("ALTER TABLE dwd.orders ADD COLUMN note VARCHAR");

        assertThatThrownBy(() -> restores.restoreTables("local", backup.id(), List.of("dwd.orders"), null, false, "test", ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.CONFLICT))
                .hasMessageStartingWith("Cannot restore dwd.orders into the existing table dwd.orders: its schema differs from the backup's")
                .hasMessageEndingWith("restore it as a new table with --as");
    }

    @Test
    void aCorruptedOrMissingObjectFailsVerifyAndRestoreNamingItAndNothingIsWritten() throws IOException {
        BackupManifest backup = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        String chunk = backup.table("dwd.orders").files().get(0).file().chunks().get(0);
        Path object = dir.resolve("repo").resolve(Repository.objectKey(chunk));
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 1;
        Files.write(object, bytes);

        assertThat(backups.verify("local", false, "test", ProgressListener.NONE).ok()).as("present, not read").isTrue();
        assertThatThrownBy(() -> backups.verify("local", true, "test", ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.CORRUPTED))
                .hasMessageContaining(Repository.objectKey(chunk)).hasMessageContaining("is corrupted");
        assertThatThrownBy(() -> restores.restoreTables("local", backup.id(), List.of("dwd.orders"), "dwd.copy", false, "test", ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.CORRUPTED))
                .hasMessageContaining(Repository.objectKey(chunk));
        assertThat(fixture.platform.lakehouse().tableExists(new TableName("dwd", "copy"))).isFalse();
        assertThat(dataFiles(fixture.platform.lakehouse().defaultLocation(new TableName("dwd", "copy")))).isEmpty();

        Files.delete(object);
        assertThatThrownBy(() -> restores.restoreTables("local", backup.id(), List.of("dwd.orders"), "dwd.copy", false, "test", ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.CORRUPTED))
                .hasMessage("Backup object " + Repository.objectKey(chunk) + " is missing from " + location().url().toString().replaceAll("/$", "")
                        + " (file " + backup.table("dwd.orders").files().get(0).path() + " of dwd.orders in backup " + backup.id() + "); nothing was restored");
        assertThat(fixture.platform.lakehouse().tableExists(new TableName("dwd", "copy"))).isFalse();
    }

    @Test
    void theWholePlatformRestoresIntoAnEmptyHomeWithItsTokensPipelinesAndSecrets() throws IOException {
        CreatedToken token = fixture.platform.tokens().create("analyst", Identity.localUser());
        new PipelineService(fixture.platform, Clock.systemUTC()).apply(fixture.session, "nightly.yaml", PIPELINE);
        BackupManifest backup = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        Path restored = dir.resolve("restored");

        assertThatThrownBy(() -> RestoreService.restoreHome(location(), "wrong".toCharArray(), backup.id(), restored, false, Map.of(), ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessageContaining("the passphrase is wrong");
        assertThat(restored).doesNotExist();

        RestoreService.RestorePlan dry = RestoreService.restoreHome(location(), PASSPHRASE, backup.id(), restored, true, Map.of(), ProgressListener.NONE);
        assertThat(dry.rows()).isEqualTo(1501);
        assertThat(restored).doesNotExist();

        RestoreService.restoreHome(location(), PASSPHRASE, backup.id(), restored, false, Map.of(), ProgressListener.NONE);

        try (PlatformFixture copy = new PlatformFixture(restored)) {
            assertThat(copy.rows("SELECT count(*), sum(amount) FROM dwd.orders")).isEqualTo(fixture.rows("SELECT count(*), sum(amount) FROM dwd.orders"));
            assertThat(copy.count("ods.events")).isEqualTo(501);
            assertThat(copy.platform.tokens().authenticate(token.secret())).isPresent();
            assertThat(new PipelineService(copy.platform, Clock.systemUTC()).list()).extracting(io.zhongtai.pipeline.PipelineSummary::name).containsExactly("nightly");
            // the repository's passphrase was stored encrypted with the master key, which came back too
            BackupService copyBackups = new BackupService(copy.platform, Clock.systemUTC());
            assertThat(copyBackups.list("local")).extracting(BackupService.BackupSummary::id).containsExactly(backup.id());
            assertThat(copyBackups.runs().list(BackupRuns.Kind.RESTORE, 5)).singleElement()
                    .satisfies(r -> assertThat(r.detail()).isEqualTo("whole platform: 2 tables, 1501 rows"));
        }
        assertThat(restored.resolve(RestoreService.HOME_MARKER)).doesNotExist();
        assertThatThrownBy(() -> RestoreService.restoreHome(location(), PASSPHRASE, backup.id(), restored, false, Map.of(), ProgressListener.NONE))
                .hasMessage("Cannot restore into " + restored + ": it is not empty (restore a whole platform into a new directory)");
    }

    @Test
    void aWholePlatformRestoreRunsAgainIntoAHomeAnEarlierRestoreLeftHalfWritten() throws IOException {
        BackupManifest backup = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        Path restored = dir.resolve("restored");
        RestoreService.restoreHome(location(), PASSPHRASE, backup.id(), restored, false, Map.of(), ProgressListener.NONE);
        // as a restore killed after it had written metadata and tables leaves the home
        Files.writeString(restored.resolve(RestoreService.HOME_MARKER), backup.id());

        RestoreService.restoreHome(location(), PASSPHRASE, backup.id(), restored, false, Map.of(), ProgressListener.NONE);

        assertThat(restored.resolve(RestoreService.HOME_MARKER)).doesNotExist();
        try (PlatformFixture copy = new PlatformFixture(restored)) {
            assertThat(copy.count("dwd.orders")).isEqualTo(1000);
            assertThat(copy.count("ods.events")).isEqualTo(501);
        }
    }

    @Test
    void pruneForgetsWhatNoRuleKeepsAndDeletesOnlyUnneededObjects() {
        BackupManifest first = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        fixture.run("INSERT OVERWRITE dwd.orders SELECT id, region, amount * 2 FROM dwd.orders");
        BackupManifest second = backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);

        assertThatThrownBy(() -> backups.prune("local", new RetentionPolicy(0, 0, 0, 0), ZoneOffset.UTC, false, "test"))
                .hasMessageStartingWith("Cannot prune: it would forget every backup");
        BackupService.PruneResult dry = backups.prune("local", new RetentionPolicy(1, 0, 0, 0), ZoneOffset.UTC, true, "test");
        assertThat(dry.forgotten()).containsExactly(first.id());
        assertThat(backups.list("local")).hasSize(2);

        BackupService.PruneResult pruned = backups.prune("local", new RetentionPolicy(1, 0, 0, 0), ZoneOffset.UTC, false, "test");

        assertThat(pruned.kept()).containsExactly(second.id());
        assertThat(pruned.deletedObjects()).as("the first backup's orders files and metadata").isGreaterThanOrEqualTo(3);
        assertThat(backups.list("local")).extracting(BackupService.BackupSummary::id).containsExactly(second.id());
        assertThat(backups.verify("local", true, "test", ProgressListener.NONE).ok()).isTrue();
        restores.restoreTables("local", second.id(), List.of("dwd.orders"), "dwd.orders_doubled", false, "test", ProgressListener.NONE);
        assertThat(fixture.rows("SELECT sum(amount) FROM dwd.orders_doubled")).containsExactly(List.of(new java.math.BigDecimal("1501500.00")));
    }

    @Test
    void aRunWhoseProcessStoppedIsMarkedFailedWhenTheNextRunStarts() {
        Clock past = Clock.offset(Clock.systemUTC(), BackupRuns.ABANDONED_AFTER.plusMinutes(1).negated());
        String abandoned = new BackupRuns(fixture.platform.metadata(), past).start(BackupRuns.Kind.BACKUP, "local", "manual", null, "test")
                .orElseThrow();
        String recent = backups.runs().start(BackupRuns.Kind.VERIFY, "local", "manual", null, "test").orElseThrow();

        backups.create("local", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);

        assertThat(backups.runs().list(null, 10)).filteredOn(r -> r.id().equals(abandoned)).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo("failed");
            assertThat(r.error()).isEqualTo("abandoned: its process stopped before the run ended (no heartbeat for 2 minutes)");
        });
        assertThat(backups.runs().list(null, 10)).filteredOn(r -> r.id().equals(recent)).singleElement()
                .satisfies(r -> assertThat(r.state()).as("its heartbeat is fresh").isEqualTo("running"));
    }

    @Test
    void statusReportsEachTablesRecoveryPoint() {
        BackupManifest backup = backups.create("local", new BackupManifest.Scope(false, List.of("dwd"), List.of()), null, "test", ProgressListener.NONE);

        BackupService.Status status = backups.status("local");

        assertThat(status.tables()).filteredOn(t -> t.table().equals("dwd.orders")).singleElement()
                .satisfies(t -> assertThat(t.backupId()).isEqualTo(backup.id()));
        assertThat(status.tables()).filteredOn(t -> t.table().equals("ods.events")).singleElement()
                .satisfies(t -> assertThat(t.age()).isNull());
        assertThat(status.lastRestore()).isEmpty();
    }

    private static List<Path> dataFiles(String location) throws IOException {
        Path path = Path.of(location);
        if (!Files.exists(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
