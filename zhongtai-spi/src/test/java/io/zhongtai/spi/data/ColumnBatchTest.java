package io.zhongtai.spi.data;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnBatchTest {
    private static final List<Column> COLUMNS = List.of(Column.of("id", DataType.BIGINT), Column.of("price", DataType.DOUBLE),
            Column.of("ok", DataType.BOOLEAN), Column.of("day", DataType.DATE), Column.of("amount", DataType.decimal(10, 2)));

    @Test
    void storesPrimitivesAndObjectsWithNulls() {
        ColumnBatch.Builder b = ColumnBatch.builder(COLUMNS, 4);
        b.setLong(0, 1).setDouble(1, 2.5).setBoolean(2, true).set(3, LocalDate.of(2024, 1, 2)).set(4, new BigDecimal("3.10")).endRow();
        b.set(0, 2).endRow();
        b.set(0, new BigDecimal("3")).set(1, 7).endRow();
        ColumnBatch batch = b.build();
        assertThat(batch.rowCount()).isEqualTo(3);
        assertThat(batch.row(0)).containsExactly(1L, 2.5, true, LocalDate.of(2024, 1, 2), new BigDecimal("3.10"));
        assertThat(batch.row(1)).isEqualTo(Arrays.asList(2L, null, null, null, null));
        assertThat(batch.getDouble(1, 2)).isEqualTo(7.0);
        assertThat(batch.isNull(1, 1)).isTrue();
    }

    @Test
    void refusesRowsBeyondCapacityAndNonNumbersInNumericColumns() {
        ColumnBatch.Builder b = ColumnBatch.builder(COLUMNS, 1);
        b.endRow();
        assertThat(b.isFull()).isTrue();
        assertThatThrownBy(b::endRow).hasMessageContaining("Batch is full: 1 rows");
        assertThatThrownBy(() -> ColumnBatch.builder(COLUMNS, 1).set(0, "x"))
                .hasMessageContaining("Column id expects a number, got String");
    }

    @Test
    void typeWideningFollowsIcebergRules() {
        assertThat(DataType.BIGINT.canWiden(DataType.INTEGER)).isTrue();
        assertThat(DataType.INTEGER.canWiden(DataType.BIGINT)).isFalse();
        assertThat(DataType.decimal(12, 2).canWiden(DataType.decimal(10, 2))).isTrue();
        assertThat(DataType.decimal(12, 3).canWiden(DataType.decimal(10, 2))).isFalse();
        assertThat(DataType.list(DataType.INTEGER).sqlName()).isEqualTo("INTEGER[]");
        assertThatThrownBy(() -> DataType.decimal(39, 0)).hasMessageContaining("Invalid decimal precision/scale: (39,0)");
    }
}
