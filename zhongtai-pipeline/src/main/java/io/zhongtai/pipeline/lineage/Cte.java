package io.zhongtai.pipeline.lineage;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A common table expression and what its body sees: the CTEs defined before it and the scope of the query that
 * defines it.
 *
 * @param definition the parse tree's CTE entry value ({@code aliases}, {@code query_node})
 */
record Cte(String name, JsonNode definition, Map<String, Cte> visible, Scope outer) {
}
