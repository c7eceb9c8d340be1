package io.zhongtai.connector.json;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRowEncoderTest {
    private static final List<Column> COLUMNS = List.of(Column.of("id", DataType.BIGINT), Column.of("ratio", DataType.DOUBLE),
            Column.of("ok", DataType.BOOLEAN), Column.of("price", DataType.decimal(10, 2)), Column.of("name", DataType.STRING),
            Column.of("doc", DataType.JSON), Column.of("raw", DataType.BINARY), Column.of("day", DataType.DATE),
            Column.of("at", DataType.TIMESTAMP_TZ), Column.of("uid", DataType.UUID), Column.of("tags", DataType.list(DataType.STRING)));

    private static ColumnBatch rows() {
        ColumnBatch.Builder b = ColumnBatch.builder(COLUMNS, 2);
        b.setLong(0, 7).setDouble(1, 0.5).setBoolean(2, true).set(3, new BigDecimal("12.30")).set(4, "a \"quoted\" name")
                .set(5, "{\"k\": [1, null]}").set(6, new byte[] {1, 2, 3}).set(7, LocalDate.parse("2024-05-01"))
                .set(8, Instant.parse("2024-05-01T10:00:00Z")).set(9, UUID.fromString("00000000-0000-0000-0000-000000000001"))
                .set(10, List.of("x", "y")).endRow();
        b.setLong(0, 8).endRow();
        return b.build();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryKindAsJson() {
        JsonRowEncoder encoder = new JsonRowEncoder(COLUMNS);
        ColumnBatch rows = rows();
        assertThat(text(encoder.encode(rows, 0))).isEqualTo("{\"id\":7,\"ratio\":0.5,\"ok\":true,\"price\":12.30,"
                + "\"name\":\"a \\\"quoted\\\" name\",\"doc\":{\"k\": [1, null]},\"raw\":\"AQID\",\"day\":\"2024-05-01\","
                + "\"at\":\"2024-05-01T10:00:00Z\",\"uid\":\"00000000-0000-0000-0000-000000000001\",\"tags\":[\"x\",\"y\"]}");
        assertThat(text(encoder.encode(rows, 1))).isEqualTo("{\"id\":8,\"ratio\":null,\"ok\":null,\"price\":null,\"name\":null,"
                + "\"doc\":null,\"raw\":null,\"day\":null,\"at\":null,\"uid\":null,\"tags\":null}");
    }

    @Test
    void keysAreTheKeyColumnsValues() {
        JsonRowEncoder encoder = new JsonRowEncoder(COLUMNS);
        ColumnBatch rows = rows();
        assertThat(encoder.key(rows, 0, new int[0])).isNull();
        assertThat(text(encoder.key(rows, 0, encoder.indexes(List.of("price"))))).isEqualTo("12.30");
        assertThat(text(encoder.key(rows, 1, encoder.indexes(List.of("price"))))).isNull();
        assertThat(text(encoder.key(rows, 0, encoder.indexes(List.of("id", "name"))))).isEqualTo("{\"id\":7,\"name\":\"a \\\"quoted\\\" name\"}");
        assertThatThrownBy(() -> encoder.indexes(List.of("nope"))).hasMessageStartingWith("Key column 'nope' is not among the columns [id, ratio");
    }
}
