package io.zhongtai.connector.json;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class IsoDateTimesTest {
    /** The fast forms, forms only java.time handles, and invalid text: both parsers must agree on every one. */
    private static final String[] SAMPLES = {
            "2026-11-01T08:30:00Z", "2026-11-01T08:30:00.1Z", "2026-11-01T08:30:00.123456789Z", "2026-11-01T08:30:00.1234567891Z",
            "2026-11-01T08:30:00+08:00", "2026-11-01T08:30:00.5-05:30", "2026-11-01T08:30:00-00:00", "2026-11-01T08:30:00+18:00",
            "2026-11-01T08:30:00+19:00", "2026-11-01T08:30:00+08:60", "2026-11-01T08:30:00+0800", "2026-11-01T08:30:00+08",
            "2026-11-01T08:30:00+08:00:30", "2026-11-01T08:30Z", "2026-11-01t08:30:00z", "2026-11-01T08:30:00", "2026-11-01T08:30:00.Z",
            "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T23:59:60Z",
            "0000-01-01T00:00:00Z", "+12026-11-01T00:00:00Z", "2026-11-01T08:30:00.000", "2026-11-01T08:30:00.123456",
            "2026-11-01 08:30:00Z", "2026-1x-01T00:00:00Z", "２026-11-01T00:00:00Z", "2026-11-01T08:30:00ZZ", ""};

    @Test
    void offsetDateTimesMatchJavaTime() {
        for (String text : SAMPLES) {
            assertThat(outcome(IsoDateTimes::offsetDateTime, text)).as(text).isEqualTo(outcome(OffsetDateTime::parse, text));
        }
    }

    @Test
    void localDateTimesMatchJavaTime() {
        for (String text : SAMPLES) {
            assertThat(outcome(IsoDateTimes::localDateTime, text)).as(text).isEqualTo(outcome(LocalDateTime::parse, text));
        }
    }

    /** The value, or the exception's class: java.time's messages are not part of the contract. */
    private static Object outcome(Function<String, Object> parse, String text) {
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
