package io.zhongtai.connector.json;

import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonMessageBatchTest {
    private static final List<Column> METADATA = List.of(Column.of("_origin", DataType.STRING));

    /** A test message: where it came from and its value. */
    private record Message(String origin, byte[] payload) {
    }

    private static JsonMessageBatch<Message> batch(List<Column> valueColumns, boolean grow) {
        return new JsonMessageBatch<>(METADATA, (m, row) -> row.set(0, m.origin()), Message::payload, Message::origin, valueColumns, grow);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Queues {@code originsAndValues} (pairs; a null value is a message without one). */
    private static Deque<Message> queue(String... originsAndValues) {
        Deque<Message> queue = new ArrayDeque<>();
        for (int i = 0; i < originsAndValues.length; i += 2) {
            queue.add(new Message(originsAndValues[i], originsAndValues[i + 1] == null ? null : json(originsAndValues[i + 1])));
        }
        return queue;
    }

    private static JsonMessageBatch.Decoded decodeAll(JsonMessageBatch<Message> batch, Deque<Message> queue) {
        List<String> taken = new ArrayList<>();
        int queued = queue.size();
        JsonMessageBatch.Decoded decoded = batch.decode(queue, 100, m -> taken.add(m.origin()));
        assertThat(taken).hasSize(queued);
        return decoded;
    }

    @Test
    void decodesEveryInferredKindAndKeepsNestedValuesVerbatim() {
        List<Column> columns = JsonColumns.infer(List.of(
                json("{\"id\": 1, \"price\": 2, \"name\": \"a\", \"ok\": true, \"tags\": [1, 2], \"extra\": null}"),
                json("{\"id\": 2, \"price\": 2.5, \"name\": \"b\", \"ok\": false, \"tags\": {\"x\": {\"y\": [true]}}}")), Set.of());
        assertThat(columns).containsExactly(Column.of("id", DataType.BIGINT), Column.of("price", DataType.DOUBLE),
                Column.of("name", DataType.STRING), Column.of("ok", DataType.BOOLEAN), Column.of("tags", DataType.JSON));

        JsonMessageBatch.Decoded decoded = decodeAll(batch(columns, false), queue(
                "m1", "{\"tags\": {\"x\" : [1, \"ü\"]}, \"id\": 7, \"price\": 1, \"name\": \"x\\\"y\", \"ok\": true, \"new\": 1}",
                "m2", null));
        assertThat(decoded.deadLetters()).isEmpty();
        assertThat(decoded.rows().columns()).extracting(Column::name).containsExactly("_origin", "id", "price", "name", "ok", "tags");
        assertThat(decoded.rows().row(0)).containsExactly("m1", 7L, 1.0, "x\"y", true, "{\"x\" : [1, \"ü\"]}");
        assertThat(decoded.rows().row(1)).containsExactly("m2", null, null, null, null, null);
    }

    @Test
    void malformedMessagesBecomeDeadLettersNamingWhereAndWhy() {
        JsonMessageBatch.Decoded decoded = decodeAll(batch(List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING)), false),
                queue("t/0@0", "{\"id\": 1, \"name\": \"ok\"}",
                        "t/0@1", "{\"id\": 2,\n \"name\": }",
                        "t/0@2", "[1, 2]",
                        "t/0@3", "{\"id\": \"two\"}",
                        "t/0@4", "{\"id\": 1.5}",
                        "t/0@5", "{\"id\": 99999999999999999999}",
                        "t/0@6", "{\"id\": 3} {}",
                        "t/0@7", "",
                        "t/0@8", "{\"id\": 4, \"name\": \"fine again\"}"));

        assertThat(decoded.rows().rowCount()).isEqualTo(2);
        assertThat(decoded.rows().row(1)).containsExactly("t/0@8", 4L, "fine again");
        List<StreamBatch.DeadLetter> dead = decoded.deadLetters();
        assertThat(dead).extracting(StreamBatch.DeadLetter::origin)
                .containsExactly("t/0@1", "t/0@2", "t/0@3", "t/0@4", "t/0@5", "t/0@6", "t/0@7");
        assertThat(dead.get(0).reason()).startsWith("Malformed JSON at line 2, column 10: Unexpected character ('}'");
        assertThat(dead.get(0).payload()).isEqualTo("{\"id\": 2,\n \"name\": }");
        assertThat(dead.get(1).reason()).isEqualTo("Expected a JSON object but the message is an array at line 1, column 1");
        assertThat(dead.get(2).reason()).isEqualTo("Field 'id' expects BIGINT but got the string \"two\" at line 1, column 8");
        assertThat(dead.get(3).reason()).isEqualTo("Field 'id' expects BIGINT but got the number 1.5 at line 1, column 8");
        assertThat(dead.get(4).reason()).isEqualTo("Field 'id' value 99999999999999999999 is out of range for BIGINT at line 1, column 8");
        assertThat(dead.get(5).reason()).isEqualTo("Unexpected content after the JSON object at line 1, column 11");
        assertThat(dead.get(6).reason()).isEqualTo("Empty message: expected a JSON object");
    }

    @Test
    void newFieldsGrowTheColumnsTypedFromTheQueuedMessagesAndEndTheBatchBeforeThem() {
        JsonMessageBatch<Message> batch = batch(List.of(Column.of("a", DataType.BIGINT)), true);
        Deque<Message> queue = queue("1", "{\"a\": 1}",
                "2", "{\"a\": 2, \"b\": \"x\", \"_origin\": \"ignored\", \"c\": {\"n\": 1}, \"p\": 3}",
                "3", "{\"p\": 3.5, \"d\": false}");
        List<String> taken = new ArrayList<>();
        JsonMessageBatch.Decoded first = batch.decode(queue, 100, m -> taken.add(m.origin()));
        assertThat(first.rows().columns()).extracting(Column::name).containsExactly("_origin", "a");
        assertThat(first.rows().rowCount()).isEqualTo(1);
        assertThat(taken).containsExactly("1");
        assertThat(queue).hasSize(2);

        JsonMessageBatch.Decoded second = batch.decode(queue, 100, m -> taken.add(m.origin()));
        assertThat(second.rows().columns()).containsExactly(Column.of("_origin", DataType.STRING), Column.of("a", DataType.BIGINT),
                Column.of("b", DataType.STRING), Column.of("c", DataType.JSON), Column.of("p", DataType.DOUBLE),
                Column.of("d", DataType.BOOLEAN));
        assertThat(second.rows().row(0)).containsExactly("2", 2L, "x", "{\"n\": 1}", 3.0, null);
        assertThat(second.rows().row(1)).containsExactly("3", null, null, null, 3.5, false);
        assertThat(taken).containsExactly("1", "2", "3");
        assertThat(batch.columns()).isEqualTo(second.rows().columns());
    }

    @Test
    void aBatchTakesAtMostTheLimit() {
        JsonMessageBatch<Message> batch = batch(List.of(Column.of("a", DataType.BIGINT)), false);
        Deque<Message> queue = queue("1", "{\"a\": 1}", "2", "oops", "3", "{\"a\": 3}");
        JsonMessageBatch.Decoded decoded = batch.decode(queue, 2, m -> { });
        assertThat(decoded.rows().rowCount()).isEqualTo(1);
        assertThat(decoded.deadLetters()).hasSize(1);
        assertThat(queue).extracting(Message::origin).containsExactly("3");
    }

    @Test
    void declaredColumnsParseTypedValues() {
        List<Column> columns = JsonColumns.parse("id INTEGER, price DECIMAL(6, 2), \"sold at\" TIMESTAMP_TZ, day DATE, doc JSON");
        assertThat(columns).extracting(Column::type).containsExactly(DataType.INTEGER, DataType.decimal(6, 2),
                DataType.TIMESTAMP_TZ, DataType.DATE, DataType.JSON);
        JsonMessageBatch.Decoded decoded = decodeAll(batch(columns, false), queue(
                "1", "{\"id\": 1, \"price\": 9.5, \"sold at\": \"2024-05-01 10:00:00+02:00\", \"day\": \"2024-05-01\", \"doc\": \"s\", \"x\": 1}",
                "2", "{\"id\": 2, \"price\": \"12.345\"}",
                "3", "{\"id\": 3, \"price\": 10000}",
                "4", "{\"id\": 4, \"sold at\": 0}",
                "5", "{\"id\": 5, \"day\": \"May 1st\"}",
                "6", "{\"id\": 3000000000}"));
        assertThat(decoded.rows().rowCount()).isEqualTo(2);
        assertThat(decoded.rows().row(0)).containsExactly("1", 1L, new BigDecimal("9.50"),
                OffsetDateTime.parse("2024-05-01T10:00:00+02:00"), LocalDate.parse("2024-05-01"), "\"s\"");
        assertThat(decoded.rows().row(1).get(3)).isEqualTo(Instant.EPOCH);
        assertThat(decoded.deadLetters()).extracting(StreamBatch.DeadLetter::reason).containsExactly(
                "Field 'price' value 12.345 has more than 2 decimal places for DECIMAL(6,2) at line 1, column 20",
                "Field 'price' value 10000.00 is out of range for DECIMAL(6,2) at line 1, column 20",
                "Field 'day' expects DATE but got the string \"May 1st\" at line 1, column 18",
                "Field 'id' value 3000000000 is out of range for INTEGER at line 1, column 8");
    }

    @Test
    void badColumnDeclarationsNameTheEntry() {
        assertThatThrownBy(() -> JsonColumns.parse("id BIGINT, name")).hasMessage("column 'name' has no type; write it as 'name BIGINT'");
        assertThatThrownBy(() -> JsonColumns.parse("id NUMBER")).hasMessageStartingWith("column 'id' has unknown type 'NUMBER'");
        assertThatThrownBy(() -> JsonColumns.parse("id INT, id INT")).hasMessage("column 'id' is declared twice");
        assertThatThrownBy(() -> JsonColumns.parse("p DECIMAL(50,2)")).hasMessageContaining("column 'p'");
    }
}
