package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human-readable sizes, durations, counts and rates, and the parser for {@code 7d}-style durations. */
public final class Format {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|min|s|m|h|d|w)");

    private Format() {
    }

    /** {@code 512 B}, {@code 12.3 MiB}: binary units, one decimal. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 850 ms}, {@code 1.2 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    public static String duration(Duration d) {
        if (d == null) {
            return "?";
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1,234 rows/s}; {@code -} when the duration is too short to say. */
    public static String rate(long rows, Duration d, String unit) {
        if (d == null || d.toMillis() <= 0) {
            return "- " + unit + "/s";
        }
        double perSecond = rows * 1000.0 / d.toMillis();
        if (perSecond < 10) {
            return String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit);
        }
        return String.format(Locale.ROOT, "%,d %s/s", Math.round(perSecond), unit);
    }

    /** {@code 1 row}, {@code 2 rows}. */
    public static String plural(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }

    /**
     * Parses {@code 90s}, {@code 30m} (or {@code 30min}), {@code 1h}, {@code 7d}, {@code 2w}, {@code 500ms},
     * combinations such as {@code 1h30m}, {@code 0}, and ISO-8601 durations such as {@code PT1H} or {@code P7D}.
     */
    public static Duration parseDuration(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalidDuration(text);
            }
        }
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        double millis = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalidDuration(text);
            }
            double value = Double.parseDouble(m.group(1));
            millis += value * switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1000L;
                case "m", "min" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                default -> 7 * 86_400_000L;
            };
            at = m.end();
        }
        if (at == 0) {
            throw invalidDuration(text);
        }
        return Duration.ofMillis(Math.round(millis));
    }

    private static ZhongtaiException invalidDuration(String text) {
        return ZhongtaiException.invalid("Invalid duration '%s': use a number with a unit (ms, s, m, h, d, w) such as 90s, 1h30m or 7d, "
                + "or ISO-8601 such as PT1H", text);
    }
}
