package io.zhongtai.connector.json;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Parses the ISO-8601 date-times messages usually carry ({@code 2026-11-01T08:30:00.123Z}, {@code ...+08:00}) by hand:
 * {@link java.time.format.DateTimeFormatter} costs about 0.6 µs a value, a third of decoding a typical message. Any
 * other form goes to java.time's own parsers, so what is accepted, and how, is exactly theirs.
 */
final class IsoDateTimes {
    private static final int DATE_TIME_LENGTH = "yyyy-MM-ddTHH:mm:ss".length();

    private IsoDateTimes() {
    }

    /** As {@link OffsetDateTime#parse(CharSequence)}. */
    static OffsetDateTime offsetDateTime(String text) {
        OffsetDateTime fast = fastOffsetDateTime(text);
        return fast != null ? fast : OffsetDateTime.parse(text);
    }

    /** As {@link LocalDateTime#parse(CharSequence)}. */
    static LocalDateTime localDateTime(String text) {
        int end = fractionEnd(text);
        LocalDateTime fast = end == text.length() ? fastLocalDateTime(text, end) : null;
        return fast != null ? fast : LocalDateTime.parse(text);
    }

    private static OffsetDateTime fastOffsetDateTime(String text) {
        int end = fractionEnd(text);
        if (end < 0 || end == text.length()) {
            return null;
        }
        ZoneOffset offset = offset(text, end);
        LocalDateTime local = offset == null ? null : fastLocalDateTime(text, end);
        return local == null ? null : OffsetDateTime.of(local, offset);
    }

    /** Where the date-time (with its optional fraction) ends, or -1 when the text does not start like one. */
    private static int fractionEnd(String text) {
        if (text.length() < DATE_TIME_LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return -1;
        }
        int i = DATE_TIME_LENGTH;
        if (i < text.length() && text.charAt(i) == '.') {
            int digits = 0;
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
            if (digits == 0 || digits > 9) {
                return -1;
            }
        }
        return i;
    }

    private static LocalDateTime fastLocalDateTime(String text, int end) {
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nanos = 0;
        if (end > DATE_TIME_LENGTH) {
            int fraction = digits(text, DATE_TIME_LENGTH + 1, end);
            nanos = fraction * POWERS_OF_TEN[9 - (end - DATE_TIME_LENGTH - 1)];
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException e) {
            return null; // e.g. February 30th: the slow path reports it as java.time does
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** {@code Z}, {@code +HH:MM} or {@code -HH:MM} from {@code at} to the end; null for any other form. */
    private static ZoneOffset offset(String text, int at) {
        int left = text.length() - at;
        if (left == 1 && text.charAt(at) == 'Z') {
            return ZoneOffset.UTC;
        }
        char sign = text.charAt(at);
        if (left != 6 || (sign != '+' && sign != '-') || text.charAt(at + 3) != ':') {
            return null;
        }
        int hours = digits(text, at + 1, at + 3);
        int minutes = digits(text, at + 4, at + 6);
        if ((hours | minutes) < 0) {
            return null;
        }
        try {
            return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code [from, to)}, or -1 unless it is all ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (!isDigit(ch)) {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }
}
