package io.zhongtai.core.lakehouse;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.session.SnapshotInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableMaintenanceTest {
    @TempDir
    Path home;
    PlatformFixture zt;
    final TableName t = new TableName("ods", "m");

    @BeforeEach
    void setUp() {
        zt = new PlatformFixture(home);
        zt.run("CREATE TABLE ods.m (id BIGINT, region VARCHAR) PARTITIONED BY (region)");
        for (int i = 0; i < 4; i++) {
            zt.run("INSERT INTO ods.m SELECT range + " + (i * 10) + ", CASE WHEN range % 2 = 0 THEN 'east' ELSE 'west' END FROM range(10)");
        }
    }

    @AfterEach
    void tearDown() {
        zt.close();
    }

    @Test
    void historyTagRollbackAndTimeTravelByTag() {
        List<SnapshotInfo> history = zt.sessions().history(zt.session, t);
        assertThat(history).hasSize(4);
        zt.sessions().tag(zt.session, t, "first", history.get(0).snapshotId());
        assertThat(zt.rows("SELECT count(*) FROM ods.m AT (VERSION => 'first')")).containsExactly(List.of(10L));
        zt.sessions().rollback(zt.session, t, history.get(1).snapshotId());
        assertThat(zt.count("ods.m")).isEqualTo(20);
        assertThat(zt.sessions().history(zt.session, t).stream().filter(SnapshotInfo::current).findFirst().orElseThrow().snapshotId())
                .isEqualTo(history.get(1).snapshotId());
    }

    @Test
    void compactMergesSmallFilesPerPartitionKeepingRows() {
        assertThat(zt.sessions().files(zt.session, t)).hasSize(8);
        var result = zt.sessions().compact(zt.session, t);
        assertThat(result.filesRemoved()).isEqualTo(8);
        assertThat(result.filesAdded()).isEqualTo(2);
        assertThat(zt.count("ods.m")).isEqualTo(40);
        assertThat(zt.rows("SELECT region, count(*) FROM ods.m GROUP BY region ORDER BY region"))
                .containsExactly(List.of("east", 20L), List.of("west", 20L));
        assertThat(zt.sessions().partitions(zt.session, t)).hasSize(2);
    }

    @Test
    void expireThenCleanRemovesOnlyOrphans() throws Exception {
        Path orphan = Path.of(zt.sessions().table(zt.session, t).location().replace("file:", ""), "data", "w-killed", "part-x.parquet");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "left by a killed writer");
        var dry = zt.sessions().clean(zt.session, t, Duration.ZERO, true);
        assertThat(dry.filesRemoved()).isEqualTo(1);
        assertThat(orphan).exists();
        zt.sessions().clean(zt.session, t, Duration.ZERO, false);
        assertThat(orphan).doesNotExist();
        assertThat(zt.count("ods.m")).isEqualTo(40);
        zt.sessions().compact(zt.session, t);
        var expired = zt.sessions().expire(zt.session, t, Duration.ZERO, 1);
        assertThat(expired.filesRemoved()).isGreaterThan(0);
        assertThat(zt.sessions().history(zt.session, t)).hasSize(1);
        assertThat(zt.count("ods.m")).isEqualTo(40);
    }
}
