package io.zhongtai.server.web;

import io.zhongtai.core.ZhongtaiException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations given as ISO-8601 ({@code P7D}, {@code PT1H}) or shorthand ({@code 7d}, {@code 1h30m}, {@code 90s}). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
    private static final Pattern WHOLE = Pattern.compile("(\\s*\\d+\\s*(ms|s|m|h|d|w)\\s*)+");

    private Durations() {
    }

    public static Duration parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ZhongtaiException.invalid("Missing required field '%s': a duration such as 7d, 12h or P7D", field);
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p") || s.startsWith("-p")) {
            try {
                return nonNegative(Duration.parse(s.toUpperCase(Locale.ROOT)), text, field);
            } catch (DateTimeParseException e) {
                throw invalid(text, field);
            }
        }
        if (!WHOLE.matcher(s).matches()) {
            throw invalid(text, field);
        }
        Duration total = Duration.ZERO;
        Matcher m = SHORT.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        return total;
    }

    private static Duration nonNegative(Duration d, String text, String field) {
        if (d.isNegative()) {
            throw ZhongtaiException.invalid("Invalid value for field '%s': '%s', a duration must not be negative", field, text);
        }
        return d;
    }

    private static ZhongtaiException invalid(String text, String field) {
        return ZhongtaiException.invalid("Invalid value for field '%s': '%s', expected a duration such as 7d, 12h, 30m, 1h30m or P7D",
                field, text);
    }
}
