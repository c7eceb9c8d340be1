package io.zhongtai.bench.sync;

import io.zhongtai.core.lakehouse.TypeMapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Rows, bytes and compression codecs of a set of Parquet files, read by a plain DuckDB. */
record ParquetCount(long rows, long bytes, String compression) {
    /** The Parquet files of a directory tree; hidden and {@code _SUCCESS}-style files are skipped. */
    static ParquetCount ofDirectory(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return of(walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")
                    && !f.getFileName().toString().startsWith("_")).toList());
        }
    }

    static ParquetCount of(List<Path> files) throws Exception {
        if (files.isEmpty()) {
            return new ParquetCount(0, 0, "none");
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        String list = files.stream().map(f -> TypeMapping.literal(f.toString())).collect(Collectors.joining(", ", "[", "]"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM read_parquet(" + list + ")), (SELECT string_agg(DISTINCT "
                        + "compression, ',') FROM parquet_metadata(" + list + "))")) {
            rs.next();
            return new ParquetCount(rs.getLong(1), bytes, rs.getString(2));
        }
    }
}
