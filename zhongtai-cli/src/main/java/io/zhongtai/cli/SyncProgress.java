package io.zhongtai.cli;

import io.zhongtai.core.integration.SyncListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Draws a sync's progress on a terminal: table, rows, rows/s, and a bar when the row count is known. */
final class SyncProgress implements SyncListener {
    private static final long MIN_REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream err;
    private final AtomicLong rows = new AtomicLong();
    private volatile String table = "";
    private volatile long expected = -1;
    private volatile long tableStartRows;
    private volatile long started = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    SyncProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void tableStarted(String sourceTable, String targetTable, long estimatedRows) {
        table = sourceTable + " -> " + targetTable;
        expected = estimatedRows;
        tableStartRows = rows.get();
        draw(true);
    }

    @Override
    public void rowsRead(long n) {
        rows.addAndGet(n);
        draw(false);
    }

    @Override
    public void committed(String targetTable, long n, long snapshotId) {
        draw(true);
    }

    private synchronized void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long total = rows.get();
        String rate = Format.rate(total, Duration.ofNanos(now - started), "rows");
        String bar = "";
        if (expected > 0) {
            double fraction = Math.min(1.0, (double) (total - tableStartRows) / expected);
            int filled = (int) Math.round(fraction * WIDTH);
            bar = String.format(Locale.ROOT, " [%s%s] %3d%%", "=".repeat(filled), " ".repeat(WIDTH - filled), Math.round(fraction * 100));
        }
        String line = table + "  " + Format.count(total) + " rows  " + rate + bar;
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    synchronized void clear() {
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
