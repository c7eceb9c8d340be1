package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.data.DataType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Turns Debezium's Kafka Connect values into the Java classes a {@link io.zhongtai.spi.data.ColumnBatch} carries
 * for the column's platform type (the type comes from the connector's own describe(), so this is no second type
 * mapping, only the decoding of Debezium's encodings). Debezium runs with decimal.handling.mode=precise,
 * binary.handling.mode=bytes and time.precision.mode=adaptive_time_microseconds.
 */
final class ChangeValues {
    private static final String TIME = "io.debezium.time.";

    private ChangeValues() {
    }

    static Object convert(Object value, Schema schema, DataType type) {
        if (value == null) {
            return null;
        }
        String name = schema == null || schema.name() == null ? "" : schema.name();
        return switch (type.kind()) {
            case BOOLEAN -> value instanceof Boolean b ? b : value instanceof Number n ? n.longValue() != 0
                    : value instanceof ByteBuffer || value instanceof byte[] ? bits(bytes(value)) != 0
                    : Boolean.valueOf(parseBoolean(value.toString()));
            case SMALLINT, INTEGER, BIGINT -> value instanceof BigDecimal d ? d.longValueExact()
                    : value instanceof Number n ? n.longValue()
                    : value instanceof ByteBuffer || value instanceof byte[] ? bits(bytes(value))
                    : Long.parseLong(value.toString().trim());
            case FLOAT, DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            case DECIMAL -> decimal(value, type);
            case STRING, JSON -> text(value, name);
            case BINARY -> bytes(value);
            case DATE -> date(value, name);
            case TIME -> time(value, name);
            case TIMESTAMP -> timestamp(value, name);
            case TIMESTAMP_TZ -> instant(value, name);
            case UUID -> value instanceof UUID u ? u : UUID.fromString(value.toString());
            case LIST -> list(value, schema, type);
        };
    }

    private static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "t", "true", "1", "y", "yes", "on" -> true;
            default -> false;
        };
    }

    private static BigDecimal decimal(Object value, DataType type) {
        BigDecimal d;
        if (value instanceof BigDecimal b) {
            d = b;
        } else if (value instanceof Struct s && s.schema().field("scale") != null) {
            // io.debezium.data.VariableScaleDecimal: numeric without a declared scale
            d = new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale"));
        } else if (value instanceof Number n) {
            d = new BigDecimal(n.toString());
        } else {
            d = new BigDecimal(value.toString().trim());
        }
        return d.scale() == type.scale() ? d : d.setScale(type.scale(), RoundingMode.HALF_UP);
    }

    private static String text(Object value, String name) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof ByteBuffer || value instanceof byte[]) {
            return HexFormat.of().formatHex(bytes(value));
        }
        if (value instanceof Struct s && s.schema().field("scale") != null) {
            return decimal(value, DataType.decimal(DataType.MAX_DECIMAL_PRECISION, s.getInt32("scale"))).toPlainString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return switch (name) {
            case TIME + "Date" -> date(value, name).toString();
            case TIME + "Time", TIME + "MicroTime", TIME + "NanoTime" -> time(value, name).toString();
            case TIME + "Timestamp", TIME + "MicroTimestamp", TIME + "NanoTimestamp" -> timestamp(value, name).toString();
            default -> value.toString();
        };
    }

    /** io.debezium.data.Bits: a BIT(n) value as little-endian bytes. */
    private static long bits(byte[] littleEndian) {
        long value = 0;
        for (int i = Math.min(littleEndian.length, 8) - 1; i >= 0; i--) {
            value = (value << 8) | (littleEndian[i] & 0xff);
        }
        return value;
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        throw new IllegalArgumentException("Expected bytes, got " + value.getClass().getSimpleName());
    }

    private static LocalDate date(Object value, String name) {
        if (value instanceof java.util.Date d) { // org.apache.kafka.connect.data.Date
            return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof Number n) {
            return LocalDate.ofEpochDay(n.longValue());
        }
        return LocalDate.parse(value.toString());
    }

    private static LocalTime time(Object value, String name) {
        if (value instanceof java.util.Date d) {
            return LocalTime.ofNanoOfDay(Math.floorMod(d.getTime(), 86_400_000L) * 1_000_000L);
        }
        if (value instanceof Number n) {
            long nanos = switch (name) {
                case TIME + "MicroTime" -> n.longValue() * 1_000L;
                case TIME + "NanoTime" -> n.longValue();
                default -> n.longValue() * 1_000_000L; // io.debezium.time.Time: milliseconds
            };
            return LocalTime.ofNanoOfDay(Math.floorMod(nanos, 86_400_000_000_000L));
        }
        String text = value.toString(); // io.debezium.time.ZonedTime
        return text.endsWith("Z") || text.matches(".*[+-]\\d\\d(:?\\d\\d)?$") ? OffsetTime.parse(text).toLocalTime()
                : LocalTime.parse(text);
    }

    private static LocalDateTime timestamp(Object value, String name) {
        if (value instanceof java.util.Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof Number n) {
            return LocalDateTime.ofInstant(epoch(n.longValue(), name), ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value.toString()).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    private static Instant instant(Object value, String name) {
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (value instanceof Number n) {
            return epoch(n.longValue(), name);
        }
        return OffsetDateTime.parse(value.toString()).toInstant(); // io.debezium.time.ZonedTimestamp
    }

    private static Instant epoch(long value, String name) {
        return switch (name) {
            case TIME + "MicroTimestamp" -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case TIME + "NanoTimestamp" -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
            default -> Instant.ofEpochMilli(value); // io.debezium.time.Timestamp, Connect Timestamp
        };
    }

    private static List<Object> list(Object value, Schema schema, DataType type) {
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("Expected an array, got " + value.getClass().getSimpleName());
        }
        Schema element = schema == null ? null : schema.valueSchema();
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(convert(item, element, type.element()));
        }
        return out;
    }
}
