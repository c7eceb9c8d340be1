package io.zhongtai.connector.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonHeadersTest {
    @Test
    void numbersAndBooleansStayValuesTheRestBecomesText() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.put("quote\"d", null);
        headers.put("attempt", 3);
        headers.put("retry", true);
        headers.put("note", new StringBuilder("a\nb"));
        assertThat(JsonHeaders.toJson(headers))
                .isEqualTo("{\"trace\":\"t-1\",\"quote\\\"d\":null,\"attempt\":3,\"retry\":true,\"note\":\"a\\nb\"}");
        assertThat(JsonHeaders.toJson(Map.of())).isEqualTo("{}");
    }
}
