package io.zhongtai.bench.sync;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class CdcLatencyResultTest {
    private static CdcLatency.Result result(long[] latencies, long seen, long tableRows) {
        return new CdcLatency.Result(5000, 4999.5, 100, seen, 60, latencies, tableRows, 10, Map.of());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] shuffled = LongStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).toArray();
        CdcLatency.Result r = result(shuffled, 100, 10);

        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(95)).isEqualTo(95);
        assertThat(r.percentile(99)).isEqualTo(99);
        assertThat(r.percentile(100)).isEqualTo(100);
        assertThat(r.rowsMatch()).isTrue();
    }

    @Test
    void unseenChangesOrDifferentRowCountsAreAMismatch() {
        assertThat(result(new long[] {1}, 99, 10).rowsMatch()).isFalse();
        assertThat(result(new long[] {1}, 100, 11).rowsMatch()).isFalse();
    }
}
