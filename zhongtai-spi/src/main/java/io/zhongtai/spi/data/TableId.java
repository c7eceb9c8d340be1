package io.zhongtai.spi.data;

import java.util.Objects;

/**
 * A table, topic, queue, endpoint or file set in a source. {@code namespace} is the schema or database
 * (may be empty where the source has none).
 */
public record TableId(String namespace, String name) {
    public TableId {
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name is null");
    }

    /** Parses {@code schema.table} or {@code table}; the last dot separates (file paths are given whole). */
    public static TableId parse(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? new TableId("", text) : new TableId(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "." + name;
    }
}
