package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresTypesTest {
    @Test
    void numericKeepsPrecisionOrFallsBackToExactText() {
        assertThat(PostgresTypes.toPlatform("numeric", "numeric(10,2)", null, null)).isEqualTo(DataType.decimal(10, 2));
        assertThat(PostgresTypes.toPlatform("numeric", "numeric(38,0)", null, null)).isEqualTo(DataType.decimal(38, 0));
        assertThat(PostgresTypes.toPlatform("numeric", "numeric(39,2)", null, null)).isEqualTo(DataType.STRING);
        assertThat(PostgresTypes.toPlatform("numeric", "numeric", null, null)).isEqualTo(DataType.STRING);
    }

    @Test
    void arraysBecomeListsOnlyOfElementsDuckDbCanCast() {
        assertThat(PostgresTypes.toPlatform("_int8", "bigint[]", "int8", "bigint")).isEqualTo(DataType.list(DataType.BIGINT));
        assertThat(PostgresTypes.toPlatform("_bytea", "bytea[]", "bytea", "bytea")).isEqualTo(DataType.STRING);
        assertThat(PostgresTypes.toPlatform("_jsonb", "jsonb[]", "jsonb", "jsonb")).isEqualTo(DataType.STRING);
        assertThat(PostgresTypes.toPlatform("mood", "mood", null, null)).isEqualTo(DataType.STRING);
    }

    @Test
    void exportTextQuotesArrayElementsAndKeepsExactValues() {
        DataType strings = DataType.list(DataType.STRING);
        assertThat(PostgresTypes.text(Arrays.asList("a,b", "c\"d", null, "e\\f", "NULL"), strings))
                .isEqualTo("{\"a,b\",\"c\\\"d\",NULL,\"e\\\\f\",\"NULL\"}");
        assertThat(PostgresTypes.text(new BigDecimal("-1.500"), DataType.decimal(5, 3))).isEqualTo("-1.500");
        assertThat(PostgresTypes.text(new byte[] {0, -1}, DataType.BINARY)).isEqualTo("\\x00ff");
        assertThat(PostgresTypes.text(1.1, DataType.FLOAT)).isEqualTo("1.1");
        assertThat(PostgresTypes.text(Instant.parse("2024-01-02T03:04:05.000006Z"), DataType.TIMESTAMP_TZ))
                .isEqualTo("2024-01-02T03:04:05.000006Z");
        assertThatThrownBy(() -> PostgresTypes.text("1", DataType.BIGINT)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void onlyListsGetARewrittenSelectExpression() {
        assertThat(PostgresTypes.selectExpression(Column.of("n", DataType.INTEGER), "\"n\"")).isEqualTo("\"n\"");
        assertThat(PostgresTypes.selectExpression(Column.of("l", DataType.list(DataType.INTEGER)), "\"l\""))
                .startsWith("CASE WHEN \"l\" IS NULL THEN NULL").contains("unnest(\"l\") WITH ORDINALITY");
        assertThat(List.of(PostgresTypes.toSql(DataType.list(DataType.TIMESTAMP_TZ)), PostgresTypes.toSql(DataType.decimal(12, 3))))
                .containsExactly("timestamp(6) with time zone[]", "numeric(12,3)");
    }
}
