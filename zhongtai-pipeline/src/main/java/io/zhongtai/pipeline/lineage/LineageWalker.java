package io.zhongtai.pipeline.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException.Kind;
import io.zhongtai.core.lakehouse.TableName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Walks one parsed SELECT and computes the sources of every column of every query in it; {@link SqlLineage}
 * documents the rules. One instance analyses one query.
 */
final class LineageWalker {
    /** Table functions that compute rows without reading data; anything else could read files lineage cannot see. */
    private static final List<String> TABLE_FUNCTIONS = List.of("range", "generate_series", "unnest");

    /**
     * SQL value keywords: DuckDB parses {@code current_date} and these as column references and, when no column has
     * the name, calls a function of no arguments instead (GetSQLValueFunctionName in DuckDB's binder).
     */
    private static final Set<String> SQL_VALUE_KEYWORDS = Set.of("current_catalog", "current_date", "current_role",
            "current_schema", "current_time", "current_timestamp", "current_user", "localtime", "localtimestamp",
            "session_user", "user");

    private final ParsedSelect parsed;
    private final String defaultNamespace;
    private final Function<TableName, List<String>> schemas;
    private final Set<ColumnRef> indirect = new LinkedHashSet<>();
    private final Set<TableName> tables = new LinkedHashSet<>();
    private final Map<TableName, List<Column>> tableColumns = new HashMap<>();
    /** Output columns of each CTE analysed so far, by its definition node; DuckDB ignores CTEs nothing reads. */
    private final Map<JsonNode, List<Column>> cteColumns = new IdentityHashMap<>();

    LineageWalker(ParsedSelect parsed, String defaultNamespace, Function<TableName, List<String>> schemas) {
        this.parsed = parsed;
        this.defaultNamespace = defaultNamespace;
        this.schemas = schemas;
    }

    QueryLineage analyze() {
        List<Column> output = uniquelyNamed(query(parsed.query(), Map.of(), null));
        Map<String, Set<ColumnRef>> sources = new LinkedHashMap<>();
        for (Column column : output) {
            sources.put(column.name(), column.sources());
        }
        return new QueryLineage(output.stream().map(Column::name).toList(), sources, indirect, tables);
    }

    // ---- queries

    private List<Column> query(JsonNode node, Map<String, Cte> outerCtes, Scope outer) {
        Map<String, Cte> ctes = withCtes(node, outerCtes, outer);
        String type = node.path("type").asText();
        return switch (type) {
            case "SELECT_NODE" -> select(node, ctes, outer);
            case "SET_OPERATION_NODE" -> setOperation(node, ctes, outer);
            default -> throw parsed.error(Kind.INVALID_INPUT, node, "Cannot derive lineage through a %s query", type);
        };
    }

    /** {@code ctes} plus the node's WITH entries; each entry's body sees the ones before it. */
    private static Map<String, Cte> withCtes(JsonNode node, Map<String, Cte> ctes, Scope outer) {
        JsonNode entries = node.path("cte_map").path("map");
        if (entries.isEmpty()) {
            return ctes;
        }
        Map<String, Cte> inScope = new HashMap<>(ctes);
        for (JsonNode entry : entries) {
            String name = entry.path("key").asText().toLowerCase(Locale.ROOT);
            inScope.put(name, new Cte(name, entry.path("value"), Map.copyOf(inScope), outer));
        }
        return inScope;
    }

    private List<Column> select(JsonNode node, Map<String, Cte> ctes, Scope outer) {
        Frame frame = from(node.path("from_table"), ctes, outer);
        // Filled while the select list is read: an item may use the aliases of the items before it.
        List<Column> aliases = new ArrayList<>();
        Scope scope = new Scope(frame, aliases, false, ctes, outer);
        List<Column> output = new ArrayList<>();
        List<List<Column>> itemColumns = new ArrayList<>();
        for (JsonNode item : node.path("select_list")) {
            List<Column> columns = selectItem(item, scope);
            itemColumns.add(columns);
            output.addAll(columns);
            if (!item.path("alias").asText().isEmpty()) {
                aliases.add(columns.get(0));
            }
        }
        indirect.addAll(expression(node.path("where_clause"), scope));
        for (JsonNode group : node.path("group_expressions")) {
            Column position = positional(group, output);
            indirect.addAll(position != null ? position.sources() : expression(group, scope));
        }
        if (node.path("aggregate_handling").asText().equals("FORCE_AGGREGATES")) {
            groupByAll(node.path("select_list"), itemColumns);
        }
        indirect.addAll(expression(node.path("having"), scope.preferringAliases()));
        indirect.addAll(expression(node.path("qualify"), scope));
        modifiers(node, output, scope);
        return output;
    }

    /** GROUP BY ALL groups by every select item without an aggregate or window function. */
    private void groupByAll(JsonNode selectList, List<List<Column>> itemColumns) {
        for (int i = 0; i < selectList.size(); i++) {
            if (!aggregates(selectList.get(i))) {
                indirect.addAll(Column.sourcesOf(itemColumns.get(i)));
            }
        }
    }

    private boolean aggregates(JsonNode expression) {
        String kind = expression.path("class").asText();
        if (kind.equals("WINDOW") || kind.equals("FUNCTION") && parsed.isAggregate(expression.path("function_name").asText())) {
            return true;
        }
        if (kind.equals("SUBQUERY")) {
            return false;
        }
        for (JsonNode child : expression) {
            if (aggregates(child)) {
                return true;
            }
        }
        return false;
    }

    /** ORDER BY, DISTINCT ON and LIMIT of a query whose columns are {@code output}. */
    private void modifiers(JsonNode node, List<Column> output, Scope scope) {
        for (JsonNode modifier : node.path("modifiers")) {
            switch (modifier.path("type").asText()) {
                case "ORDER_MODIFIER" -> modifier.path("orders")
                        .forEach(order -> indirect.addAll(orderKey(order.path("expression"), output, scope)));
                case "DISTINCT_MODIFIER" -> {
                    if (modifier.path("distinct_on_targets").isEmpty()) {
                        distinct(output);
                    }
                    modifier.path("distinct_on_targets").forEach(t -> indirect.addAll(orderKey(t, output, scope)));
                }
                case "LIMIT_MODIFIER", "LIMIT_PERCENT_MODIFIER" -> {
                    indirect.addAll(expression(modifier.path("limit"), scope));
                    indirect.addAll(expression(modifier.path("offset"), scope));
                }
                default -> throw parsed.error(Kind.INVALID_INPUT, node, "Cannot derive lineage through a %s clause",
                        modifier.path("type").asText());
            }
        }
    }

    /** DISTINCT, and set operations without ALL, keep the rows that differ in any column, as GROUP BY ALL columns would. */
    private void distinct(List<Column> output) {
        indirect.addAll(Column.sourcesOf(output));
    }

    /**
     * An ORDER BY (or DISTINCT ON) key: ALL is every output column, a number is the output column at that position,
     * a bare name is the output column of that name; anything else is an expression over the frame.
     */
    private Set<ColumnRef> orderKey(JsonNode key, List<Column> output, Scope scope) {
        if (key.path("class").asText().equals("STAR") && key.path("columns").asBoolean() && isAbsent(key.path("expr"))) {
            return Column.sourcesOf(output);
        }
        Column position = positional(key, output);
        if (position != null) {
            return position.sources();
        }
        JsonNode names = key.path("column_names");
        if (key.path("class").asText().equals("COLUMN_REF") && names.size() == 1) {
            for (Column column : output) {
                if (column.isNamed(names.get(0).asText())) {
                    return column.sources();
                }
            }
        }
        return expression(key, scope);
    }

    /** The output column an integer constant (GROUP BY 2, ORDER BY 1) refers to, or null for other expressions. */
    private Column positional(JsonNode key, List<Column> output) {
        if (!key.path("class").asText().equals("CONSTANT") || !key.path("literal").path("kind").asText().equals("INTEGER")) {
            return null;
        }
        long position = key.path("literal").path("text").asLong();
        if (position < 1 || position > output.size()) {
            throw parsed.error(Kind.INVALID_INPUT, key, "Position %d is not in the select list, which has %d columns",
                    position, output.size());
        }
        return output.get((int) position - 1);
    }

    private List<Column> setOperation(JsonNode node, Map<String, Cte> ctes, Scope outer) {
        String operation = node.path("setop_type").asText();
        List<List<Column>> branches = new ArrayList<>();
        for (JsonNode child : node.path("children")) {
            branches.add(query(child, ctes, outer));
        }
        List<Column> output = operation.equals("UNION_BY_NAME") ? byName(branches) : byPosition(node, operation, branches);
        if (!node.path("setop_all").asBoolean()) {
            distinct(output);
        }
        Relation result = new Relation(null, null, output);
        modifiers(node, output, Scope.of(Frame.of(result), ctes, outer));
        return output;
    }

    /** Output column i comes from column i of every branch and takes the first branch's name. */
    private List<Column> byPosition(JsonNode node, String operation, List<List<Column>> branches) {
        List<Column> first = branches.get(0);
        for (List<Column> branch : branches) {
            if (branch.size() != first.size()) {
                throw parsed.error(Kind.INVALID_INPUT, node, "The branches of %s have different numbers of columns: %d and %d",
                        operation.replace('_', ' '), first.size(), branch.size());
            }
        }
        List<Column> output = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            int column = i;
            output.add(Column.combining(first.get(i).name(), branches.stream().map(b -> b.get(column)).toList()));
        }
        return output;
    }

    /** UNION BY NAME: one output column per distinct name, in order of first appearance, from every branch having it. */
    private static List<Column> byName(List<List<Column>> branches) {
        Map<String, List<Column>> byName = new LinkedHashMap<>();
        for (List<Column> branch : branches) {
            for (Column column : branch) {
                byName.computeIfAbsent(column.name().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(column);
            }
        }
        return byName.values().stream().map(same -> Column.combining(same.get(0).name(), same)).toList();
    }

    // ---- CTEs

    private List<Column> cteColumns(Cte cte) {
        List<Column> known = cteColumns.get(cte.definition());
        if (known != null) {
            return known;
        }
        JsonNode body = cte.definition().path("query_node");
        List<String> aliases = strings(cte.definition().path("aliases"));
        List<Column> columns = body.path("type").asText().equals("RECURSIVE_CTE_NODE")
                ? recursiveCte(cte, body, aliases)
                : renamed(query(body, cte.visible(), cte.outer()), aliases, cte.definition());
        cteColumns.put(cte.definition(), columns);
        return columns;
    }

    /**
     * A recursive CTE's column i comes from column i of its anchor and of its recursive part; the recursive part
     * reads the CTE itself, so its sources are recomputed until they stop growing.
     */
    private List<Column> recursiveCte(Cte cte, JsonNode body, List<String> aliases) {
        Map<String, Cte> ctes = withCtes(body, cte.visible(), cte.outer());
        List<Column> columns = renamed(query(body.path("left"), ctes, cte.outer()), aliases, cte.definition());
        Map<String, Cte> withItself = new HashMap<>(ctes);
        withItself.put(cte.name(), cte);
        while (true) {
            cteColumns.put(cte.definition(), columns);
            List<Column> recursive = query(body.path("right"), withItself, cte.outer());
            List<Column> next = byPosition(body, "UNION", List.of(columns, recursive));
            if (next.equals(columns)) {
                if (!body.path("union_all").asBoolean()) {
                    distinct(columns);
                }
                return columns;
            }
            columns = next;
        }
    }

    // ---- FROM items

    private Frame from(JsonNode ref, Map<String, Cte> ctes, Scope outer) {
        String type = ref.path("type").asText();
        return switch (type) {
            case "", "EMPTY" -> Frame.EMPTY;
            case "BASE_TABLE" -> baseTable(ref, ctes);
            case "SUBQUERY" -> relation(ref, query(ref.path("subquery").path("node"), ctes, outer), null, null);
            case "JOIN" -> join(ref, ctes, outer);
            case "TABLE_FUNCTION" -> tableFunction(ref, Scope.of(Frame.EMPTY, ctes, outer));
            case "EXPRESSION_LIST" -> values(ref, Scope.of(Frame.EMPTY, ctes, outer));
            default -> throw parsed.error(Kind.INVALID_INPUT, ref, "Cannot derive lineage through a %s in FROM", type);
        };
    }

    private Frame baseTable(JsonNode ref, Map<String, Cte> ctes) {
        String catalog = ref.path("catalog_name").asText();
        String schema = ref.path("schema_name").asText();
        String table = ref.path("table_name").asText();
        if (!catalog.isEmpty()) {
            throw parsed.error(Kind.INVALID_INPUT, ref, "Three-part table names (%s.%s.%s) are not supported; write <namespace>.<table>",
                    catalog, schema, table);
        }
        Cte cte = schema.isEmpty() ? ctes.get(table.toLowerCase(Locale.ROOT)) : null;
        if (cte != null) {
            return relation(ref, cteColumns(cte), table, null);
        }
        TableName name = new TableName(schema.isEmpty() ? defaultNamespace : schema, table);
        return relation(ref, tableColumns(name, ref), name.table(), name);
    }

    private List<Column> tableColumns(TableName name, JsonNode ref) {
        List<Column> columns = tableColumns.get(name);
        if (columns == null) {
            List<String> names = schemas.apply(name);
            if (names == null) {
                throw parsed.error(Kind.NOT_FOUND, ref, "Table does not exist: %s", name);
            }
            columns = names.stream().map(column -> new Column(column, Set.of(new ColumnRef(name, column)))).toList();
            tableColumns.put(name, columns);
        }
        tables.add(name);
        return columns;
    }

    /**
     * A FROM item's frame: its columns renamed by the column list of its alias, with repeated names made unique as
     * DuckDB does, named by its alias or else {@code implicitName}.
     */
    private Frame relation(JsonNode ref, List<Column> columns, String implicitName, TableName table) {
        String alias = ref.path("alias").asText();
        List<Column> named = uniquelyNamed(renamed(columns, strings(ref.path("column_name_alias")), ref));
        return Frame.of(alias.isEmpty()
                ? new Relation(implicitName, table, named)
                : new Relation(alias, null, named));
    }

    private List<Column> renamed(List<Column> columns, List<String> names, JsonNode at) {
        if (names.size() > columns.size()) {
            throw parsed.error(Kind.INVALID_INPUT, at, "%d column names are given for %d columns", names.size(), columns.size());
        }
        List<Column> renamed = new ArrayList<>(columns);
        for (int i = 0; i < names.size(); i++) {
            renamed.set(i, columns.get(i).named(names.get(i)));
        }
        return renamed;
    }

    /** DuckDB's names for a result's columns: a name already taken (any case) gets the first free suffix _1, _2, ... */
    private static List<Column> uniquelyNamed(List<Column> columns) {
        Set<String> taken = new HashSet<>();
        List<Column> unique = new ArrayList<>();
        for (Column column : columns) {
            String name = column.name();
            for (int suffix = 1; taken.contains(name.toLowerCase(Locale.ROOT)); suffix++) {
                name = column.name() + "_" + suffix;
            }
            taken.add(name.toLowerCase(Locale.ROOT));
            unique.add(column.named(name));
        }
        return unique;
    }

    /** The right side of a join may refer to the left side's columns (DuckDB joins such subqueries laterally). */
    private Frame join(JsonNode ref, Map<String, Cte> ctes, Scope outer) {
        Frame left = from(ref.path("left"), ctes, outer);
        Frame right = from(ref.path("right"), ctes, Scope.of(left, ctes, outer));
        List<String> using = ref.path("ref_type").asText().equals("NATURAL")
                ? commonNames(left, right)
                : strings(ref.path("using_columns"));
        for (String column : using) {
            usingColumn(left, column, "left", ref);
            usingColumn(right, column, "right", ref);
        }
        Frame joined = left.join(right, using);
        for (String column : using) {
            indirect.addAll(joined.matching(column).get(0).column().sources());
        }
        indirect.addAll(expression(ref.path("condition"), Scope.of(joined, ctes, outer)));
        String joinType = ref.path("join_type").asText();
        return joinType.equals("SEMI") || joinType.equals("ANTI") ? left : joined;
    }

    private void usingColumn(Frame side, String column, String sideName, JsonNode join) {
        int matches = side.matching(column).size();
        if (matches != 1) {
            throw parsed.error(Kind.INVALID_INPUT, join, "Join column \"%s\" %s on the %s side of the join",
                    column, matches == 0 ? "does not exist" : "is ambiguous", sideName);
        }
    }

    private static List<String> commonNames(Frame left, Frame right) {
        return left.columns().stream()
                .map(entry -> entry.column().name())
                .filter(name -> !right.matching(name).isEmpty())
                .toList();
    }

    /** range, generate_series and unnest: one column named after the function, computed from its arguments. */
    private Frame tableFunction(JsonNode ref, Scope scope) {
        JsonNode function = ref.path("function");
        String name = function.path("function_name").asText().toLowerCase(Locale.ROOT);
        if (!TABLE_FUNCTIONS.contains(name)) {
            throw parsed.error(Kind.INVALID_INPUT, ref, "Cannot derive lineage through table function %s(): only %s "
                    + "compute rows without reading data", name, String.join(", ", TABLE_FUNCTIONS));
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(name, expression(function.path("arguments"), scope)));
        if (ref.path("with_ordinality").asText().equals("WITH_ORDINALITY")) {
            columns.add(new Column("ordinality", Set.of()));
        }
        return relation(ref, columns, name, null);
    }

    /** VALUES: column i (named col{i}) comes from the i-th expression of every row. */
    private Frame values(JsonNode ref, Scope scope) {
        List<Set<ColumnRef>> sources = new ArrayList<>();
        for (JsonNode row : ref.path("values")) {
            for (int i = 0; i < row.size(); i++) {
                if (i == sources.size()) {
                    sources.add(new LinkedHashSet<>());
                }
                sources.get(i).addAll(expression(row.get(i), scope));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            columns.add(new Column("col" + i, sources.get(i)));
        }
        return relation(ref, columns, null, null);
    }

    // ---- select list and expressions

    private List<Column> selectItem(JsonNode item, Scope scope) {
        String alias = item.path("alias").asText();
        switch (item.path("class").asText()) {
            case "STAR" -> {
                return star(item, scope);
            }
            case "COLUMN_REF" -> {
                Column column = columnRef(item, scope);
                return List.of(alias.isEmpty() ? column : column.named(alias));
            }
            case "POSITIONAL_REFERENCE" -> {
                Column column = positionalReference(item, scope);
                return List.of(alias.isEmpty() ? column : column.named(alias));
            }
            default -> {
                rejectColumnsInside(item);
                return List.of(new Column(alias.isEmpty() ? parsed.nameOf(item) : alias, expression(item, scope)));
            }
        }
    }

    /** {@code COLUMNS(...)} inside an expression makes one output column per match, which this analysis does not follow. */
    private void rejectColumnsInside(JsonNode expression) {
        if (expression.path("class").asText().equals("STAR") && expression.path("columns").asBoolean()) {
            throw parsed.error(Kind.INVALID_INPUT, expression, "Cannot derive lineage through COLUMNS(...) inside an expression");
        }
        if (!expression.path("class").asText().equals("SUBQUERY")) {
            expression.forEach(this::rejectColumnsInside);
        }
    }

    /** Every source column {@code expression} (absent, an expression, or an array of them) reads. */
    private Set<ColumnRef> expression(JsonNode expression, Scope scope) {
        Set<ColumnRef> sources = new LinkedHashSet<>();
        collect(expression, scope, Set.of(), sources);
        return sources;
    }

    private void collect(JsonNode node, Scope scope, Set<String> lambdaParameters, Set<ColumnRef> sources) {
        switch (node.path("class").asText()) {
            case "COLUMN_REF" -> {
                String first = node.path("column_names").path(0).asText().toLowerCase(Locale.ROOT);
                if (!lambdaParameters.contains(first)) {
                    sources.addAll(columnRef(node, scope).sources());
                }
            }
            case "POSITIONAL_REFERENCE" -> sources.addAll(positionalReference(node, scope).sources());
            case "STAR" -> sources.addAll(Column.sourcesOf(star(node, scope)));
            case "SUBQUERY" -> sources.addAll(subquery(node, scope, lambdaParameters));
            case "LAMBDA" -> {
                // lhs is one parameter (a column reference) or several (row(x, y)); they hide columns of that name
                Set<String> parameters = new HashSet<>(lambdaParameters);
                for (JsonNode names : node.path("lhs").findValues("column_names")) {
                    parameters.add(names.path(0).asText().toLowerCase(Locale.ROOT));
                }
                collect(node.path("expr"), scope, parameters, sources);
            }
            case "TYPE" -> {
                // a cast's target type: no columns
            }
            default -> node.forEach(child -> collect(child, scope, lambdaParameters, sources));
        }
    }

    /**
     * A subquery in an expression: a scalar or IN/ANY subquery's value comes from its output columns (and an IN's
     * left side), an EXISTS's only from whether rows exist; its own filters become indirect sources as it is walked.
     */
    private Set<ColumnRef> subquery(JsonNode node, Scope scope, Set<String> lambdaParameters) {
        Set<ColumnRef> sources = new LinkedHashSet<>();
        List<Column> output = query(node.path("subquery").path("node"), scope.ctes(), scope);
        String type = node.path("subquery_type").asText();
        if (!type.equals("EXISTS") && !type.equals("NOT_EXISTS")) {
            sources.addAll(Column.sourcesOf(output));
        }
        collect(node.path("child"), scope, lambdaParameters, sources);
        return sources;
    }

    /** {@code *}, {@code t.*} or {@code COLUMNS(*)}, with EXCLUDE, REPLACE and RENAME applied. */
    private List<Column> star(JsonNode star, Scope scope) {
        if (star.path("columns").asBoolean() && !isAbsent(star.path("expr"))) {
            throw parsed.error(Kind.INVALID_INPUT, star, "Cannot derive lineage through COLUMNS(...) with a pattern or lambda");
        }
        String qualifier = star.path("relation_name").asText();
        List<Frame.Entry> entries;
        if (qualifier.isEmpty()) {
            if (scope.frame().relations().isEmpty()) {
                throw parsed.error(Kind.INVALID_INPUT, star, "SELECT * needs a FROM clause");
            }
            entries = scope.frame().columns();
        } else {
            Relation relation = relation(qualifier, scope.frame(), star, qualifier + ".*");
            if (relation == null) {
                throw parsed.error(Kind.INVALID_INPUT, star, "Unknown table or alias \"%s\" in %s.*", qualifier, qualifier);
            }
            entries = Frame.of(relation).columns();
        }
        List<Column> columns = new ArrayList<>();
        for (Frame.Entry entry : excluded(star, entries, scope.frame())) {
            columns.add(entry.column());
        }
        for (JsonNode replace : star.path("replace_list")) {
            String name = replace.path("key").asText();
            int at = indexOf(columns, name, star, "REPLACE");
            columns.set(at, new Column(columns.get(at).name(), expression(replace.path("value"), scope)));
        }
        for (JsonNode rename : star.path("rename_list")) {
            String name = rename.path("key").path("column").asText();
            int at = indexOf(columns, name, star, "RENAME");
            columns.set(at, columns.get(at).named(rename.path("value").asText()));
        }
        return columns;
    }

    /** {@code entries} without the EXCLUDE list's columns; a qualified one ({@code t.c}) only from that FROM item. */
    private List<Frame.Entry> excluded(JsonNode star, List<Frame.Entry> entries, Frame frame) {
        List<Frame.Entry> kept = new ArrayList<>(entries);
        for (JsonNode name : star.path("exclude_list")) {
            exclude(kept, "", name.asText(), star, frame);
        }
        for (JsonNode name : star.path("qualified_exclude_list")) {
            exclude(kept, name.path("table").asText(), name.path("column").asText(), star, frame);
        }
        return kept;
    }

    private void exclude(List<Frame.Entry> entries, String table, String column, JsonNode star, Frame frame) {
        String written = table.isEmpty() ? column : table + "." + column;
        Relation from = table.isEmpty() ? null : relation(table, frame, star, written);
        if (!table.isEmpty() && from == null) {
            throw parsed.error(Kind.INVALID_INPUT, star, "Unknown table or alias \"%s\" in EXCLUDE (%s)", table, written);
        }
        boolean removed = entries.removeIf(e -> e.column().isNamed(column) && (from == null || e.from().contains(from)));
        if (!removed) {
            throw parsed.error(Kind.INVALID_INPUT, star, "Column \"%s\" in EXCLUDE is not among the columns of the *", written);
        }
    }

    private int indexOf(List<Column> columns, String name, JsonNode star, String clause) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).isNamed(name)) {
                return i;
            }
        }
        throw parsed.error(Kind.INVALID_INPUT, star, "Column \"%s\" in %s is not among the columns of the *", name, clause);
    }

    private Column positionalReference(JsonNode node, Scope scope) {
        int index = node.path("index").asInt();
        List<Frame.Entry> columns = scope.frame().columns();
        if (index < 1 || index > columns.size()) {
            throw parsed.error(Kind.INVALID_INPUT, node, "Positional reference #%d is out of range: the FROM clause has %d columns",
                    index, columns.size());
        }
        return columns.get(index - 1).column();
    }

    // ---- column resolution

    /**
     * Resolves a column reference in {@code scope}, then in each enclosing scope (correlated references), then as a
     * SQL value keyword.
     */
    private Column columnRef(JsonNode ref, Scope scope) {
        List<String> parts = strings(ref.path("column_names"));
        for (Scope level = scope; level != null; level = level.outer()) {
            Column column = resolve(parts, level, ref);
            if (column != null) {
                return column;
            }
        }
        if (parts.size() == 1 && SQL_VALUE_KEYWORDS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
            return new Column(parts.get(0), Set.of());
        }
        throw parsed.error(Kind.INVALID_INPUT, ref, "Unknown column \"%s\": no table in scope has it", String.join(".", parts));
    }

    /**
     * {@code column}, {@code t.column}, {@code ns.table.column}, or a struct field {@code column.field...}, in one
     * scope; null when this scope does not have it.
     */
    private Column resolve(List<String> parts, Scope scope, JsonNode ref) {
        String last = parts.get(parts.size() - 1);
        if (parts.size() >= 3) {
            for (Relation relation : scope.frame().relations()) {
                if (relation.isTable(parts.get(0), parts.get(1))) {
                    return qualified(relation, parts.subList(2, parts.size()), ref).named(last);
                }
            }
        }
        if (parts.size() >= 2) {
            Relation relation = relation(parts.get(0), scope.frame(), ref, String.join(".", parts));
            if (relation != null) {
                return qualified(relation, parts.subList(1, parts.size()), ref).named(last);
            }
        }
        Column column = unqualified(parts.get(0), scope, ref);
        return column == null || parts.size() == 1 ? column : column.named(last);
    }

    private Column qualified(Relation relation, List<String> columnAndFields, JsonNode ref) {
        Column column = relation.column(columnAndFields.get(0));
        if (column == null) {
            throw parsed.error(Kind.INVALID_INPUT, ref, "Unknown column \"%s.%s\": %s has no column %s",
                    relation.name(), String.join(".", columnAndFields), relation.name(), columnAndFields.get(0));
        }
        return column;
    }

    private Column unqualified(String name, Scope scope, JsonNode ref) {
        if (scope.aliasesFirst() && scope.alias(name) != null) {
            return scope.alias(name);
        }
        List<Frame.Entry> matches = scope.frame().matching(name);
        if (matches.size() > 1) {
            String candidates = matches.stream()
                    .map(e -> e.from().stream().map(r -> r.name() == null ? "a subquery" : r.name()).collect(Collectors.joining("/")))
                    .collect(Collectors.joining(" and "));
            throw parsed.error(Kind.INVALID_INPUT, ref, "Column \"%s\" is ambiguous: it is in %s; qualify it", name, candidates);
        }
        if (!matches.isEmpty()) {
            return matches.get(0).column();
        }
        if (scope.alias(name) != null) {
            return scope.alias(name);
        }
        // A FROM item's name alone is its whole row (DuckDB packs it into a struct).
        Relation row = relation(name, scope.frame(), ref, name);
        return row == null ? null : Column.combining(name, row.columns());
    }

    /** The relation of {@code frame} named {@code qualifier}, or null; two of that name are an error about {@code what}. */
    private Relation relation(String qualifier, Frame frame, JsonNode at, String what) {
        List<Relation> named = frame.relations().stream().filter(r -> r.isNamed(qualifier)).toList();
        if (named.size() > 1) {
            throw parsed.error(Kind.INVALID_INPUT, at, "Table name \"%s\" in %s is ambiguous: more than one FROM item has it; "
                    + "give them distinct aliases", qualifier, what);
        }
        return named.isEmpty() ? null : named.get(0);
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asText()));
        return strings;
    }

    private static boolean isAbsent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
