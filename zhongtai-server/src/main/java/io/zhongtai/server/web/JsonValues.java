package io.zhongtai.server.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns SQL values into what Jackson writes predictably: numbers stay numbers (BigDecimal too),
 * java.time values become ISO strings, byte[] base64, UUID strings, MAP and STRUCT objects with
 * string keys; anything unexpected is written as its {@code toString()}.
 */
public final class JsonValues {
    private JsonValues() {
    }

    public static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte || v instanceof Double || v instanceof Float
                || v instanceof BigDecimal || v instanceof BigInteger || v instanceof byte[]) {
            return v;
        }
        if (v instanceof UUID || v instanceof LocalDate || v instanceof Instant) {
            return v.toString();
        }
        // Formatters rather than toString(): toString() drops ":00" seconds.
        if (v instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (v instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (v instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (v instanceof OffsetTime t) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        }
        if (v instanceof ZonedDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Time t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime());
        }
        if (v instanceof java.sql.Timestamp t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime());
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(plain(item));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(plain(k)), plain(x)));
            return out;
        }
        if (v instanceof Object[] array) {
            return plain(List.of(array));
        }
        return v.toString();
    }
}
