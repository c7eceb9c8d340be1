package io.zhongtai.bench.sync;

import io.zhongtai.bench.Bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One measured copy of a table: each run's time, the rows each run produced (checked against the source), and the
 * data volume the rates are computed from: the size of the table as PostgreSQL's text {@code COPY TO} prints it,
 * the same for every engine, so MB/s compare like rows/s do.
 */
public record Throughput(String name, String how, long[] runNanos, long rows, long volumeBytes, Map<String, Object> extra) {
    public Throughput {
        requireNonNull(name, "name is null");
        requireNonNull(how, "how is null");
        if (runNanos.length == 0) {
            throw new IllegalArgumentException("No runs measured for " + name);
        }
        runNanos = runNanos.clone();
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public long medianNanos() {
        return Bench.median(runNanos);
    }

    public double rowsPerSecond() {
        return rows / (medianNanos() / 1e9);
    }

    /** Megabytes (10^6 bytes) of COPY text per second. */
    public double megabytesPerSecond() {
        return volumeBytes / 1e6 / (medianNanos() / 1e9);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("how", how);
        json.put("median_s", medianNanos() / 1e9);
        json.put("runs_s", Arrays.stream(runNanos).mapToObj(n -> n / 1e9).toList());
        json.put("rows", rows);
        json.put("rows_per_s", Math.round(rowsPerSecond()));
        json.put("mb_per_s", Math.round(megabytesPerSecond() * 10) / 10.0);
        json.putAll(extra);
        return json;
    }

    public List<String> runs() {
        return Arrays.stream(runNanos).mapToObj(Bench::seconds).toList();
    }
}
