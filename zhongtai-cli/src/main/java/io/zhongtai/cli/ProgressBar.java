package io.zhongtai.cli;

import io.zhongtai.core.load.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn in place on a terminal: {@code writing [=======>      ] 52%}. */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long MIN_REDRAW_NANOS = 100_000_000L;
    private static final String SPINNER = "|/-\\";

    private final PrintStream err;
    private long lastDraw;
    private int lastLength;
    private int spin;

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String stage, long done, long total) {
        long now = System.nanoTime();
        boolean finished = total > 0 && done >= total;
        if (!finished && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line;
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled == WIDTH ? "=" : ">") : "") + " ".repeat(WIDTH - filled);
            line = String.format(Locale.ROOT, "%-10s [%s] %3d%%", stage, bar, Math.round(fraction * 100));
        } else {
            line = String.format(Locale.ROOT, "%-10s %c", stage, SPINNER.charAt(spin++ % SPINNER.length()));
        }
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Erases the bar so the summary starts on a clean line. */
    synchronized void clear() {
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
