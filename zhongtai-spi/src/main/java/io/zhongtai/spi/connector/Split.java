package io.zhongtai.spi.connector;

import java.util.Map;
import java.util.Objects;

/**
 * A part of a table that one reader reads, e.g. a primary-key range or one file. {@code properties} are the
 * connector's own and opaque to the platform; {@code estimatedRows} is -1 when unknown.
 */
public record Split(String id, Map<String, String> properties, long estimatedRows) {
    public Split {
        Objects.requireNonNull(id, "id is null");
        properties = Map.copyOf(properties == null ? Map.of() : properties);
    }

    public static Split whole(long estimatedRows) {
        return new Split("all", Map.of(), estimatedRows);
    }
}
