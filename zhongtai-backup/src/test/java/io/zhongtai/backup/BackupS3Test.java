package io.zhongtai.backup;

import io.zhongtai.backup.BackupRepos.RepoLocation;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.testkit.TestingS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backups end to end into an S3 repository: back up, restore a table as a new one, verify, and a whole-platform restore. */
class BackupS3Test {
    private static final char[] PASSPHRASE = "s3 test passphrase".toCharArray();
    private static TestingS3 s3;

    @TempDir
    Path dir;

    PlatformFixture fixture;
    BackupService backups;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new TestingS3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new PlatformFixture(dir.resolve("home"));
        fixture.run("CREATE TABLE dwd.orders (id BIGINT, region VARCHAR, amount DECIMAL(10,2)) PARTITIONED BY (region)");
        fixture.run("INSERT INTO dwd.orders SELECT i, CASE WHEN i % 3 = 0 THEN 'north' ELSE 'south' END, i * 1.5 FROM range(1, 2001) t(i)");
        backups = new BackupService(fixture.platform, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static RepoLocation location(String prefix) {
        return RepoLocation.parse("s3://" + TestingS3.BUCKET + "/" + prefix,
                new S3Options(s3.endpoint(), null, s3.accessKey(), s3.secretKey(), true));
    }

    @Test
    void aBackupInS3RestoresAsANewTableAndVerifiesWithEveryObjectRead() {
        backups.repos().add("s3", location("backup-restore"), PASSPHRASE, "test");

        BackupManifest backup = backups.create("s3", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);

        assertThat(s3.keys("backup-restore/")).contains("backup-restore/config", "backup-restore/snapshots/" + backup.id())
                .anySatisfy(key -> assertThat(key).startsWith("backup-restore/data/"))
                .noneSatisfy(key -> assertThat(key).startsWith("backup-restore/locks/"));
        new RestoreService(fixture.platform, backups, Clock.systemUTC())
                .restoreTables("s3", backup.id(), List.of("dwd.orders"), "dwd.orders_copy", false, "test", ProgressListener.NONE);
        assertThat(fixture.rows("SELECT count(*), sum(amount) FROM dwd.orders_copy")).containsExactly(List.of(2000L, new java.math.BigDecimal("3001500.00")));
        assertThat(fixture.rows("SELECT count(*) FROM (SELECT * FROM dwd.orders EXCEPT SELECT * FROM dwd.orders_copy)")).containsExactly(List.of(0L));
        BackupService.VerifyResult verified = backups.verify("s3", true, "test", ProgressListener.NONE);
        assertThat(verified.ok()).isTrue();
        assertThat(verified.backups()).isEqualTo(1);
        assertThat(verified.objects()).isEqualTo(BackupService.objects(backup).size());
        assertThat(verified.bytesRead()).isPositive();
    }

    @Test
    void aWholePlatformRestoreFromS3WithAWrongPassphraseCreatesNoDirectory() {
        backups.repos().add("s3", location("wrong-passphrase"), PASSPHRASE, "test");
        BackupManifest backup = backups.create("s3", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE);
        Path restored = dir.resolve("restored");

        assertThatThrownBy(() -> RestoreService.restoreHome(location("wrong-passphrase"), "wrong".toCharArray(), backup.id(), restored, false,
                Map.of(), ProgressListener.NONE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessage("Cannot open backup repository s3://warehouse/wrong-passphrase: the passphrase is wrong (no key in keys/ opens with it)");
        assertThat(restored).doesNotExist();
    }
}
