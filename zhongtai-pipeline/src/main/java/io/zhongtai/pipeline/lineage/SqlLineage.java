package io.zhongtai.pipeline.lineage;

import io.zhongtai.core.lakehouse.TableName;

import java.sql.Connection;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Column-level lineage of a SELECT, read from DuckDB's own parse tree ({@code json_serialize_sql}); the tables need
 * not exist in DuckDB, their columns come from {@code schemas}.
 *
 * <p>Rules:
 * <ul>
 * <li>Tables are {@code namespace.table}; a bare name is a CTE in scope, else a table in the default namespace.
 *     An unknown table is NOT_FOUND. Three-part names are INVALID_INPUT.</li>
 * <li>Output columns are named as DuckDB names them (alias, column name, else the expression printed back, such as
 *     {@code (a + 1)} or {@code count_star()}); a repeated name takes the first free suffix {@code _1}, {@code _2}...,
 *     as in the table DuckDB materialises from the query.</li>
 * <li>The sources of a column are every source column its defining expression reads, followed through aliases,
 *     CTEs (also chained and recursive), subqueries in FROM, scalar and IN subqueries, set operations (column i of
 *     every branch; UNION BY NAME by name), CASE (conditions too), functions, casts, aggregates (with FILTER and
 *     ORDER BY), window functions (arguments, PARTITION BY, ORDER BY, frame bounds) and lambdas. A literal has none.
 *     An EXISTS contributes no sources to a value: only which rows exist depends on it.</li>
 * <li>Indirect sources are the source columns read anywhere in the query (subqueries and CTEs included) by
 *     WHERE, JOIN ON and USING (NATURAL JOIN too), GROUP BY (ALL: every select item without an aggregate or window),
 *     HAVING, QUALIFY, the query's ORDER BY, DISTINCT ON and LIMIT; DISTINCT, and UNION, INTERSECT and EXCEPT
 *     without ALL, count all their output columns, as a GROUP BY of them would. A column may be both a source and
 *     an indirect source. A subquery's own clauses count here even when the subquery computes a value.</li>
 * <li>{@code *} and {@code t.*} expand in FROM order, a USING column once, through CTEs and subqueries, with
 *     EXCLUDE, REPLACE and RENAME applied. A USING column's sources are both sides' columns.</li>
 * <li>Unqualified names resolve against the FROM items in scope, then select-list aliases (HAVING: aliases first;
 *     ORDER BY: output names first), then the enclosing query (correlated subqueries). The right side of a join sees
 *     the left side (lateral). A FROM item's name alone is its whole row; a SQL value keyword such as
 *     {@code current_date} that no column matches is a function. An unknown or ambiguous column is INVALID_INPUT
 *     naming it, with its position.</li>
 * <li>range, generate_series and unnest make rows from their arguments and read no table; other table functions,
 *     PIVOT and COLUMNS(...) with a pattern are INVALID_INPUT.</li>
 * <li>A CTE nothing reads is not analysed, as DuckDB does not bind it.</li>
 * </ul>
 */
public final class SqlLineage {
    private SqlLineage() {
    }

    /**
     * Derives the lineage of {@code select}.
     *
     * @param duck             any DuckDB connection; used to parse and to name expressions, it reads no tables
     * @param defaultNamespace the namespace of table names written without one
     * @param schemas          the column names, in order, of each table the query may read; null for a table that
     *                         does not exist
     */
    public static QueryLineage analyze(Connection duck, String select, String defaultNamespace,
                                       Function<TableName, List<String>> schemas) {
        requireNonNull(duck, "duck is null");
        requireNonNull(select, "select is null");
        String namespace = TableName.checkIdentifier(requireNonNull(defaultNamespace, "defaultNamespace is null"), "namespace");
        requireNonNull(schemas, "schemas is null");
        return new LineageWalker(ParsedSelect.parse(duck, select), namespace, schemas).analyze();
    }
}
