package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.data.DataType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeValuesTest {
    private static Schema named(Schema.Type type, String name) {
        return SchemaBuilder.type(type).name(name).optional().build();
    }

    @Test
    void debeziumTimeEncodingsBecomeJavaTime() {
        assertThat(ChangeValues.convert(19782, named(Schema.Type.INT32, "io.debezium.time.Date"), DataType.DATE))
                .isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ChangeValues.convert(86_399_123_456L, named(Schema.Type.INT64, "io.debezium.time.MicroTime"), DataType.TIME))
                .isEqualTo(LocalTime.of(23, 59, 59, 123_456_000));
        assertThat(ChangeValues.convert(-1L, named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"), DataType.TIMESTAMP))
                .isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(ChangeValues.convert(1_000L, named(Schema.Type.INT64, "io.debezium.time.Timestamp"), DataType.TIMESTAMP))
                .isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0, 1));
        assertThat(ChangeValues.convert("2024-02-29T10:34:56.789012Z", named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                DataType.TIMESTAMP_TZ)).isEqualTo(Instant.parse("2024-02-29T10:34:56.789012Z"));
    }

    @Test
    void numbersKeepTheColumnsScaleAndKind() {
        assertThat(ChangeValues.convert(new BigDecimal("1.5"), null, DataType.decimal(10, 3))).isEqualTo(new BigDecimal("1.500"));
        Schema variable = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        Struct pi = new Struct(variable).put("scale", 5).put("value", BigInteger.valueOf(314159).toByteArray());
        assertThat(ChangeValues.convert(pi, variable, DataType.STRING)).isEqualTo("3.14159");
        assertThat(ChangeValues.convert((short) 1, null, DataType.BOOLEAN)).isEqualTo(true);
        assertThat(ChangeValues.convert(ByteBuffer.wrap(new byte[] {5, 1}), named(Schema.Type.BYTES, "io.debezium.data.Bits"),
                DataType.BIGINT)).isEqualTo(261L);
        assertThat(ChangeValues.convert(7, null, DataType.BIGINT)).isEqualTo(7L);
    }

    @Test
    void bytesUuidsAndListsConvert() {
        assertThat((byte[]) ChangeValues.convert(ByteBuffer.wrap(new byte[] {0, (byte) 0xff}), null, DataType.BINARY))
                .containsExactly(0x00, 0xff);
        assertThat(ChangeValues.convert("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null, DataType.UUID))
                .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        Schema ints = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build();
        assertThat(ChangeValues.convert(java.util.Arrays.asList(1, null, 3), ints, DataType.list(DataType.INTEGER)))
                .isEqualTo(java.util.Arrays.asList(1L, null, 3L));
        assertThat(ChangeValues.convert(null, null, DataType.STRING)).isNull();
        assertThat(ChangeValues.convert(List.of(), ints, DataType.list(DataType.INTEGER))).isEqualTo(List.of());
    }

    @Test
    void aValueOfTheWrongShapeFailsNamingIt() {
        assertThatThrownBy(() -> ChangeValues.convert("x", null, DataType.list(DataType.INTEGER)))
                .hasMessageContaining("Expected an array, got String");
        assertThatThrownBy(() -> ChangeValues.convert(1, null, DataType.BINARY))
                .hasMessageContaining("Expected bytes, got Integer");
    }
}
