package io.zhongtai.pipeline.lineage;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A column of an intermediate result (a table, subquery, CTE or the query itself) and the source columns of its value. */
record Column(String name, Set<ColumnRef> sources) {
    Column {
        sources = Collections.unmodifiableSet(new LinkedHashSet<>(sources));
    }

    Column named(String newName) {
        return new Column(newName, sources);
    }

    boolean isNamed(String candidate) {
        return name.equalsIgnoreCase(candidate);
    }

    /** A column named {@code name} whose value comes from all of {@code columns}. */
    static Column combining(String name, Collection<Column> columns) {
        return new Column(name, sourcesOf(columns));
    }

    /** The sources of all of {@code columns}. */
    static Set<ColumnRef> sourcesOf(Collection<Column> columns) {
        Set<ColumnRef> sources = new LinkedHashSet<>();
        for (Column column : columns) {
            sources.addAll(column.sources);
        }
        return sources;
    }
}
