package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;

import java.io.PrintWriter;

/**
 * Prints errors for people: {@code Error: <message> (at line L, column C)} and, when the SQL text
 * is at hand, the offending line with a caret under the column, as psql does.
 */
final class ErrorReporter {
    private static final int MAX_LINE = 100;

    private ErrorReporter() {
    }

    static void report(PrintWriter err, ZhongtaiException e, String sql, boolean caret) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        ZhongtaiException.SqlPosition p = e.position();
        if (p != null && !message.contains(p.toString())) {
            message += " (at " + p + ")";
        }
        err.println("Error: " + message);
        if (caret && p != null && sql != null) {
            caret(err, sql, p.line(), p.column());
        }
        err.flush();
    }

    /** {@code LINE 2: select * from nope} and a caret under column {@code column} (1-based). */
    static void caret(PrintWriter err, String sql, int line, int column) {
        String[] lines = sql.split("\r?\n", -1);
        if (line < 1 || line > lines.length) {
            return;
        }
        String text = lines[line - 1].replace('\t', ' ');
        int col = Math.max(1, Math.min(column, text.length() + 1));
        String prefix = "LINE " + line + ": ";
        // Long lines are shown as a window around the column.
        int from = 0;
        String lead = "";
        if (text.length() > MAX_LINE && col > MAX_LINE * 2 / 3) {
            from = col - MAX_LINE / 2;
            lead = "...";
        }
        int to = Math.min(text.length(), from + MAX_LINE);
        String shown = lead + text.substring(from, to) + (to < text.length() ? "..." : "");
        err.println(prefix + shown);
        String before = lead + text.substring(from, col - 1);
        err.println(" ".repeat(prefix.length() + ResultPrinter.width(before)) + "^");
    }
}
