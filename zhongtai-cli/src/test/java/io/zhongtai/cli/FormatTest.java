package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatTest {
    @Test
    void bytes() {
        assertThat(Format.bytes(0)).isEqualTo("0 B");
        assertThat(Format.bytes(1023)).isEqualTo("1023 B");
        assertThat(Format.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Format.bytes(12_897_485)).isEqualTo("12.3 MiB");
        assertThat(Format.bytes(5L << 40)).isEqualTo("5.0 TiB");
    }

    @Test
    void durations() {
        assertThat(Format.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Format.duration(Duration.ofMillis(1234))).isEqualTo("1.2 s");
        assertThat(Format.duration(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
        assertThat(Format.duration(Duration.ofMinutes(130))).isEqualTo("2 h 10 min");
    }

    @Test
    void rates() {
        assertThat(Format.rate(6_000_000, Duration.ofMillis(2500), "rows")).isEqualTo("2,400,000 rows/s");
        assertThat(Format.rate(3, Duration.ofSeconds(2), "rows")).isEqualTo("1.5 rows/s");
        assertThat(Format.rate(3, Duration.ZERO, "rows")).isEqualTo("- rows/s");
    }

    @Test
    void parsesDurations() {
        assertThat(Format.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Format.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Format.parseDuration("30min")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Format.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Format.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Format.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThat(Format.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Format.parseDuration("P7D")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> Format.parseDuration("7 days")).isInstanceOf(ZhongtaiException.class)
                .hasMessageStartingWith("Invalid duration '7 days'");
        assertThatThrownBy(() -> Format.parseDuration("")).isInstanceOf(ZhongtaiException.class);
    }

    @Test
    void csvQuoting() {
        assertThat(ResultPrinter.csvLine(java.util.Arrays.asList("a", null, "", "x,y", "say \"hi\"", "two\nlines")))
                .isEqualTo("a,,\"\",\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"");
    }

    @Test
    void shellKnowsWhenAStatementIsComplete() {
        assertThat(SqlShell.complete("SELECT 1")).isFalse();
        assertThat(SqlShell.complete("SELECT 1;")).isTrue();
        assertThat(SqlShell.complete("SELECT ';'")).isFalse();
        assertThat(SqlShell.complete("SELECT 'it''s")).isFalse();
        assertThat(SqlShell.complete("SELECT 1; -- done")).isTrue();
        assertThat(SqlShell.complete("/* open comment;")).isFalse();
        assertThat(SqlShell.complete("  ")).isTrue();
        assertThat(SqlShell.complete("exit")).isTrue();
        assertThat(SqlShell.complete("quit;")).isTrue();
    }
}
