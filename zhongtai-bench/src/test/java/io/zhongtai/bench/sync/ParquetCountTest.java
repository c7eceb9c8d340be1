package io.zhongtai.bench.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class ParquetCountTest {
    @Test
    void countsTheRowsOfEveryParquetFileAndSkipsMarkers(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("part=1"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT range AS id FROM range(1000)) TO '" + dir.resolve("a.parquet") + "' (FORMAT parquet, COMPRESSION zstd)");
            s.execute("COPY (SELECT range AS id FROM range(234)) TO '" + dir.resolve("part=1/b") + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        // what Spark and Hadoop leave beside the data: not Parquet, must be skipped
        Files.writeString(dir.resolve("_SUCCESS"), "");
        Files.writeString(dir.resolve(".a.parquet.crc"), "crc");

        ParquetCount count = ParquetCount.ofDirectory(dir);

        assertThat(count.rows()).isEqualTo(1234);
        assertThat(count.compression()).isEqualTo("ZSTD");
        assertThat(count.bytes()).isEqualTo(Files.size(dir.resolve("a.parquet")) + Files.size(dir.resolve("part=1/b")));
    }

    @Test
    void anEmptyDirectoryHasNoRows(@TempDir Path dir) throws Exception {
        assertThat(ParquetCount.ofDirectory(dir).rows()).isZero();
    }
}
