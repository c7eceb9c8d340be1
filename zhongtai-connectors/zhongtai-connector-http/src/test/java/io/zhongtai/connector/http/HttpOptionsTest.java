package io.zhongtai.connector.http;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of declared columns, table names, query parameters and Retry-After. */
class HttpOptionsTest {
    @Test
    void declaredColumnsParseWithPrecisionsAndQuotedNames() {
        List<Column> columns = RecordSchema.declared("id bigint, \"Full Name\" varchar, amount decimal(10, 2), at timestamp with time zone, p json");
        assertThat(columns).extracting(Column::name).containsExactly("id", "Full Name", "amount", "at", "p");
        assertThat(columns).extracting(Column::type).containsExactly(DataType.BIGINT, DataType.STRING, DataType.decimal(10, 2),
                DataType.TIMESTAMP_TZ, DataType.JSON);
        assertThatThrownBy(() -> RecordSchema.declared("id")).hasMessage("expected 'name type' but got 'id'");
        assertThatThrownBy(() -> RecordSchema.declared("x money")).hasMessageStartingWith("unknown type 'money' of column x");
        assertThatThrownBy(() -> RecordSchema.declared("x decimal")).hasMessageContaining("decimal needs a precision");
    }

    @Test
    void tableNamesAreIdentifiersFromTheUrl() {
        assertThat(HttpConnector.tableName(URI.create("https://h/api/v1/Sales-Orders.json?x=1"))).isEqualTo("sales_orders");
        assertThat(HttpConnector.tableName(URI.create("https://h/"))).isEqualTo("records");
        assertThat(HttpConnector.tableName(URI.create("https://h/v2/2024"))).isEqualTo("t_2024");
        assertThat(HttpConnector.identifier(" My Orders ")).isEqualTo("my_orders");
    }

    @Test
    void parametersAreEncodedAndAppended() {
        assertThat(Pages.withParameters("https://h/x?a=1", "cursor", "a b&c", "", "skipped").toString())
                .isEqualTo("https://h/x?a=1&cursor=a+b%26c");
    }

    @Test
    void retryAfterTakesSecondsOrAnHttpDate() {
        assertThat(HttpEndpoint.retryAfter("3")).contains(Duration.ofSeconds(3));
        assertThat(HttpEndpoint.retryAfter("soon")).isEmpty();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(HttpEndpoint.retryAfter(inTenSeconds).orElseThrow()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }
}
