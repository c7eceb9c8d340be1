package io.zhongtai.server;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.server.web.Durations;
import io.zhongtai.server.web.JsonValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {
    @Test
    void durations() {
        assertThat(Durations.parse("P7D", "f")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("pt1h", "f")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d", "f")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1h30m", "f")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2w", "f")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("500ms", "f")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Durations.parse("soon", "olderThan")).isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("'olderThan'");
        assertThatThrownBy(() -> Durations.parse("-P1D", "olderThan")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse(null, "olderThan")).hasMessageContaining("Missing required field 'olderThan'");
    }

    @Test
    void jsonValues() {
        assertThat(JsonValues.plain(LocalDateTime.of(2024, 1, 2, 3, 4))).isEqualTo("2024-01-02T03:04:00");
        assertThat(JsonValues.plain(LocalTime.of(3, 4))).isEqualTo("03:04:00");
        assertThat(JsonValues.plain(Map.of(1, List.of(LocalTime.NOON)))).isEqualTo(Map.of("1", List.of("12:00:00")));
        assertThat(JsonValues.plain(new Object() {
            @Override
            public String toString() {
                return "odd";
            }
        })).isEqualTo("odd");
    }
}
