package io.zhongtai.core.integration;

import io.zhongtai.spi.connector.WriteMode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An export: {@code query} is a lakehouse table ({@code ns.table}) or a SELECT; {@code target} names the table,
 * topic or file in the destination source (default: the table's name); {@code keys} are needed for upserts.
 */
public record ExportRequest(String query, String source, String target, WriteMode mode, List<String> keys) {
    public ExportRequest {
        requireNonNull(query, "query is null");
        requireNonNull(source, "source is null");
        mode = mode == null ? WriteMode.APPEND : mode;
        keys = List.copyOf(keys == null ? List.of() : keys);
    }
}
