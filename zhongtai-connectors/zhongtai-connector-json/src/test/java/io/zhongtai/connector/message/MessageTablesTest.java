package io.zhongtai.connector.message;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTablesTest {
    private static final List<Column> METADATA = List.of(Column.of("_key", DataType.STRING));

    @Test
    void dottedNamesStayWholeAndThereIsOnlyTheEmptyNamespace() {
        assertThat(MessageTables.name(TableId.parse("orders.v1"))).isEqualTo("orders.v1");
        assertThat(MessageTables.list("", () -> List.of("b", "orders.v1", "a")))
                .containsExactly(new TableId("", "a"), new TableId("", "b"), new TableId("", "orders.v1"));
        assertThat(MessageTables.list("ods", () -> {
            throw new AssertionError("names asked for in another namespace");
        })).isEmpty();
    }

    @Test
    void metadataColumnsComeFirstAndReserveTheirNames() {
        List<Column> values = MessageTables.inferValueColumns(
                List.of("{\"_key\": \"shadowed\", \"id\": 1}".getBytes(StandardCharsets.UTF_8)), METADATA);
        assertThat(values).containsExactly(Column.of("id", DataType.BIGINT));
        TableSchema schema = MessageTables.schema(new TableId("", "t"), METADATA, values);
        assertThat(schema.columns()).containsExactly(Column.of("_key", DataType.STRING), Column.of("id", DataType.BIGINT));
        assertThat(schema.primaryKey()).isEmpty();
    }
}
