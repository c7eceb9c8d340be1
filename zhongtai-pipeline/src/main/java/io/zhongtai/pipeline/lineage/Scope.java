package io.zhongtai.pipeline.lineage;

import java.util.List;
import java.util.Map;

/**
 * Where a column reference is resolved: a frame, the select-list aliases the clause may use, the CTEs in scope for
 * subqueries, and the enclosing query's scope for correlated references.
 *
 * @param aliases      the select list's aliased columns the clause may refer to by alias
 * @param aliasesFirst whether an alias wins over a frame column of the same name (HAVING), instead of the reverse
 * @param outer        the enclosing scope, or null at the top
 */
record Scope(Frame frame, List<Column> aliases, boolean aliasesFirst, Map<String, Cte> ctes, Scope outer) {

    /** A scope that sees only {@code frame}, then {@code outer}. */
    static Scope of(Frame frame, Map<String, Cte> ctes, Scope outer) {
        return new Scope(frame, List.of(), false, ctes, outer);
    }

    Scope preferringAliases() {
        return new Scope(frame, aliases, true, ctes, outer);
    }

    /** The first alias named {@code name} (any case), or null. */
    Column alias(String name) {
        return aliases.stream().filter(c -> c.isNamed(name)).findFirst().orElse(null);
    }
}
