package io.zhongtai.core.integration;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One sync: which source tables ({@code tables}, or every table of the source's namespaces when {@code all}), the
 * lakehouse namespace they land in, the mode, an optional cursor column for incremental reads, the read
 * parallelism, and for streams and CDC whether to keep following after catching up.
 */
public record SyncRequest(String source, List<String> tables, boolean all, String namespace, SyncMode mode,
                          Optional<String> cursorColumn, int parallelism, boolean follow, Duration commitInterval) {
    public static final String DEFAULT_NAMESPACE = "ods";

    /** The lakehouse table a source table syncs into: {@code <namespace>.<source>_<table>}, cleaned into an identifier. */
    public static io.zhongtai.core.lakehouse.TableName targetTable(String namespace, String source, String sourceTable) {
        return TargetTable.nameFor(namespace, source, sourceTable);
    }

    public SyncRequest {
        requireNonNull(source, "source is null");
        tables = List.copyOf(tables == null ? List.of() : tables);
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        requireNonNull(mode, "mode is null");
        cursorColumn = cursorColumn == null ? Optional.empty() : cursorColumn;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
    }
}
