package io.zhongtai.core;

import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Several real processes writing one table: no commit is lost, and a killed writer leaves the table as it was. */
class MultiProcessWriteIT {
    @TempDir
    Path home;

    @Test
    void fourProcessesAppendingFiftyTimesEachLoseNothing() throws Exception {
        try (PlatformFixture zt = new PlatformFixture(home)) {
            zt.run("CREATE TABLE ods.c (writer INTEGER, seq INTEGER)");
        }
        List<Process> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(WriterProcess.start("append", home.toString(), "ods.c", String.valueOf(w), "50"));
        }
        for (Process p : writers) {
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String out = WriterProcess.output(p);
            assertThat(p.exitValue()).as(out).isZero();
        }
        try (PlatformFixture zt = new PlatformFixture(home)) {
            assertThat(zt.rows("SELECT count(*), count(DISTINCT (writer, seq)) FROM ods.c")).containsExactly(List.of(200L, 200L));
            assertThat(zt.sessions().history(zt.session, new TableName("ods", "c"))).hasSize(200);
        }
    }

    @Test
    void writerKilledDuringLoadLeavesTableUnchangedAndRerunSucceeds() throws Exception {
        Path csv = home.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,name,amount\n");
            for (int i = 0; i < 3_000_000; i++) {
                w.write(i + ",name-" + i + "," + (i % 1000) + ".25\n");
            }
        }
        TableName table = new TableName("ods", "crash");
        long before;
        try (PlatformFixture zt = new PlatformFixture(home)) {
            zt.run("CREATE TABLE ods.crash (id BIGINT, name VARCHAR, amount DECIMAL(10,2))");
            zt.run("INSERT INTO ods.crash VALUES (-1, 'seed', 0)");
            before = zt.sessions().table(zt.session, table).currentSnapshotId();
        }
        Path data = home.resolve("warehouse/ods/crash/data");
        Process writer = WriterProcess.start("load", home.toString(), "ods.crash", csv.toString());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (countWriteDirs(data) < 2 && writer.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(writer.isAlive()).as("the writer should still be writing when killed").isTrue();
        writer.destroyForcibly().waitFor();
        try (PlatformFixture zt = new PlatformFixture(home)) {
            assertThat(zt.sessions().table(zt.session, table).currentSnapshotId()).isEqualTo(before);
            assertThat(zt.count("ods.crash")).isEqualTo(1);
            zt.sessions().clean(zt.session, table, Duration.ZERO, false);
            assertThat(countWriteDirs(data)).isEqualTo(1);
        }
        Process rerun = WriterProcess.start("load", home.toString(), "ods.crash", csv.toString());
        assertThat(rerun.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(rerun.exitValue()).as(WriterProcess.output(rerun)).isZero();
        try (PlatformFixture zt = new PlatformFixture(home)) {
            assertThat(zt.count("ods.crash")).isEqualTo(3_000_001);
        }
    }

    private static long countWriteDirs(Path data) throws java.io.IOException {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(data)) {
            return dirs.count();
        }
    }
}
