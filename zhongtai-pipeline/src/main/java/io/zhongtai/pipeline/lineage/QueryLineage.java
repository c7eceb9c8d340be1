package io.zhongtai.pipeline.lineage;

import io.zhongtai.core.lakehouse.TableName;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Where the result of a SELECT comes from; see {@link SqlLineage} for how each part is derived.
 *
 * @param outputColumns   the result's columns in SELECT order, named as the table materialised from it names them
 * @param columnSources   for each output column, the source columns its value is computed from
 * @param indirectSources source columns that decide which rows there are and in what order, rather than values
 *                        (WHERE, JOIN ON/USING, GROUP BY, HAVING, QUALIFY, ORDER BY, DISTINCT, LIMIT, and the
 *                        filters of subqueries)
 * @param sourceTables    the lakehouse tables the query reads
 */
public record QueryLineage(
        List<String> outputColumns,
        Map<String, Set<ColumnRef>> columnSources,
        Set<ColumnRef> indirectSources,
        Set<TableName> sourceTables) {

    public QueryLineage {
        outputColumns = List.copyOf(requireNonNull(outputColumns, "outputColumns is null"));
        requireNonNull(columnSources, "columnSources is null");
        Map<String, Set<ColumnRef>> sources = new LinkedHashMap<>();
        columnSources.forEach((column, refs) -> sources.put(column, ordered(refs)));
        columnSources = Collections.unmodifiableMap(sources);
        indirectSources = ordered(requireNonNull(indirectSources, "indirectSources is null"));
        sourceTables = ordered(requireNonNull(sourceTables, "sourceTables is null"));
    }

    /** An unmodifiable copy that keeps the order the analysis found the elements in, for stable printing. */
    private static <T> Set<T> ordered(Set<T> elements) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(elements));
    }
}
