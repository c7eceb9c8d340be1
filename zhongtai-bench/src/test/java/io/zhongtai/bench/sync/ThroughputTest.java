package io.zhongtai.bench.sync;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThroughputTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratesUseTheMedianRun() {
        Throughput t = new Throughput("x", "how", new long[] {3 * SECOND, SECOND, 2 * SECOND}, 1_000_000, 500_000_000, Map.of("k", 1));

        assertThat(t.medianNanos()).isEqualTo(2 * SECOND);
        assertThat(t.rowsPerSecond()).isEqualTo(500_000.0);
        assertThat(t.megabytesPerSecond()).isEqualTo(250.0);
        assertThat(t.toJson()).containsEntry("median_s", 2.0).containsEntry("rows_per_s", 500_000L).containsEntry("k", 1);
    }

    @Test
    void refusesAMeasurementWithoutRuns() {
        assertThatThrownBy(() -> new Throughput("spark", "how", new long[0], 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No runs measured for spark");
    }
}
