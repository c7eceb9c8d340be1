package io.zhongtai.bench;

import io.zhongtai.core.Platform;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SqlResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** What the benchmarks share: command-line options, timing, formatting, and reading rows through the platform. */
public final class Bench {
    private Bench() {
    }

    /** Work to time; may throw anything. */
    public interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} {@code runs} times; returns the median time in nanoseconds. */
    public static long median(int runs, Work work) throws Exception {
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            times[i] = System.nanoTime() - t;
        }
        return median(times);
    }

    public static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    public static String seconds(long nanos) {
        return String.format("%.2f s", nanos / 1e9);
    }

    public static String millis(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    public static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Every row of a query run through the platform's SQL engine, as plain Java values. */
    public static List<List<Object>> rows(Platform platform, Session session, String sql) {
        try (SqlResult r = platform.sessions().execute(session, sql)) {
            return r.remainingRows();
        }
    }

    /** Runs a statement through the platform's SQL engine, discarding its result. */
    public static void execute(Platform platform, Session session, String sql) {
        try (SqlResult r = platform.sessions().execute(session, sql)) {
            r.summary();
        }
    }

    /** The single value of a one-row, one-column query run through the platform, as a long (null as 0). */
    public static long longValue(Platform platform, Session session, String sql) {
        Object value = rows(platform, session, sql).get(0).get(0);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
