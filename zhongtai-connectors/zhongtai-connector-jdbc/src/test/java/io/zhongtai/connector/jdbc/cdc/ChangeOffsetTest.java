package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ConnectorException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeOffsetTest {
    private static final Map<String, Object> PARTITION = Map.of("server", "zt_x");

    private static String offset(long epoch, Map<String, Object> debezium, long snapshotRows) {
        return new ChangeOffset(epoch, PARTITION, debezium, snapshotRows).json();
    }

    @Test
    void postgresOffsetsOrderByEpochThenSnapshotRowsThenCommitAndChangeLsn() {
        String snapshot1 = offset(1, Map.of("lsn", 500L, "snapshot", "INITIAL"), 1);
        String snapshotLast = offset(1, Map.of("lsn", 500L, "snapshot", "INITIAL", "last_snapshot_record", true,
                "snapshot_completed", true), 2);
        // a transaction that began before the snapshot and committed after it: its change LSN is below the snapshot's
        String firstTransaction = offset(1, Map.of("lsn", 400L), 0);
        String secondA = offset(1, Map.of("lsn_commit", 600L, "lsn", 550L), 0);
        String secondB = offset(1, Map.of("lsn_commit", 600L, "lsn", 700L), 0);
        String third = offset(1, Map.of("lsn_commit", 800L, "lsn", 650L), 0);
        String nextEpoch = offset(2, Map.of("lsn", 100L, "snapshot", "INITIAL"), 1);
        List<String> sorted = new ArrayList<>(List.of(nextEpoch, third, secondB, snapshotLast, secondA, firstTransaction, snapshot1));
        sorted.sort(JdbcCdc.POSTGRES.offsetOrder());
        assertThat(sorted).containsExactly(snapshot1, snapshotLast, firstTransaction, secondA, secondB, third, nextEpoch);
    }

    @Test
    void mySqlOffsetsOrderByBinlogFileNumberPositionEventAndRow() {
        String snapshot = offset(1, Map.of("file", "bin.000009", "pos", 900L, "snapshot", true), 5);
        String a = offset(1, Map.of("file", "bin.000009", "pos", 900L, "event", 1L, "row", 1L), 0);
        String b = offset(1, Map.of("file", "bin.000009", "pos", 900L, "event", 2L), 0);
        String c = offset(1, Map.of("file", "bin.000010", "pos", 4L, "event", 1L), 0);
        List<String> sorted = new ArrayList<>(List.of(c, b, a, snapshot));
        sorted.sort(JdbcCdc.MYSQL.offsetOrder());
        assertThat(sorted).containsExactly(snapshot, a, b, c);
    }

    @Test
    void textFormRoundTripsAndOnlyFinishedSnapshotsResume() {
        ChangeOffset midSnapshot = new ChangeOffset(7, PARTITION, Map.of("lsn", 5L, "snapshot", "INITIAL"), 3);
        assertThat(ChangeOffset.parse(midSnapshot.json()).json()).isEqualTo(midSnapshot.json());
        assertThat(midSnapshot.resumable()).isFalse();
        assertThat(new ChangeOffset(7, PARTITION, Map.of("lsn", 5L, "snapshot", "INITIAL", "last_snapshot_record", true), 4)
                .resumable()).isTrue();
        assertThat(new ChangeOffset(7, PARTITION, Map.of("lsn", 9L), 0).resumable()).isTrue();
    }

    @Test
    void malformedOffsetsAreRefusedNamingTheText() {
        Comparator<String> order = JdbcCdc.POSTGRES.offsetOrder();
        String valid = offset(1, Map.of("lsn", 1L), 0);
        assertThatThrownBy(() -> order.compare("not json", valid))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("not json");
        assertThatThrownBy(() -> ChangeOffset.parse("{\"epoch\":1}"))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("no partition or offset");
    }
}
