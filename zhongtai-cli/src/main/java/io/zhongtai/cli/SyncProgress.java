package io.zhongtai.cli;

import io.zhongtai.core.integration.SyncListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A sync's progress on a terminal: table, rows, rows/s, and a bar when the table's row count is known. */
final class SyncProgress implements SyncListener {
    private final ProgressBar bar;
    private final AtomicLong rows = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile String table = "";
    private volatile long expected = -1;
    private volatile long tableStartRows;

    SyncProgress(PrintStream err) {
        this.bar = new ProgressBar(err);
    }

    @Override
    public void tableStarted(String sourceTable, String targetTable, long estimatedRows) {
        table = sourceTable + " -> " + targetTable;
        expected = estimatedRows;
        tableStartRows = rows.get();
        draw();
    }

    @Override
    public void rowsRead(long n) {
        rows.addAndGet(n);
        draw();
    }

    @Override
    public void committed(String targetTable, long n, long snapshotId) {
        draw();
    }

    private void draw() {
        long total = rows.get();
        String stage = table + "  " + Format.count(total) + " rows  " + Format.rate(total, Duration.ofNanos(System.nanoTime() - started), "rows");
        bar.progress(stage, expected > 0 ? total - tableStartRows : total, expected);
    }

    void clear() {
        bar.clear();
    }
}
