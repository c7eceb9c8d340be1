package io.zhongtai.connector.json;

import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonMessageEncoderTest {
    private static final List<Column> COLUMNS = List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING));

    private static ColumnBatch rows(List<Column> columns) {
        ColumnBatch.Builder b = ColumnBatch.builder(columns, 2);
        b.setLong(0, 1).set(1, "a").endRow();
        b.setLong(0, 2).endRow();
        return b.build();
    }

    @Test
    void sendsEveryRowWithItsKeyInOrder() throws Exception {
        JsonMessageEncoder encoder = new JsonMessageEncoder("Test writer", "queue 'q'", COLUMNS, List.of("id"));
        List<String> sent = new ArrayList<>();
        encoder.send(encoder.rows(rows(COLUMNS)), (key, value) -> sent.add(new String(key, StandardCharsets.UTF_8) + " -> "
                + new String(value, StandardCharsets.UTF_8)));
        assertThat(sent).containsExactly("1 -> {\"id\":1,\"name\":\"a\"}", "2 -> {\"id\":2,\"name\":null}");
    }

    @Test
    void unknownKeyColumnsAndForeignBatchesAreRefused() {
        assertThatThrownBy(() -> new JsonMessageEncoder("Test writer", "queue 'q'", COLUMNS, List.of("nope")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_DATA))
                .hasMessage("Cannot write to queue 'q': Key column 'nope' is not among the columns [id, name]");
        JsonMessageEncoder encoder = new JsonMessageEncoder("Test writer", "queue 'q'", COLUMNS, List.of());
        assertThatThrownBy(() -> encoder.rows(rows(List.of(Column.of("id", DataType.BIGINT), Column.of("other", DataType.STRING)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Batch columns [")
                .hasMessageContaining("differ from the writer's");
    }
}
