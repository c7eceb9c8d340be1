package io.zhongtai.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.sql.SelectAnalyzer;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.pipeline.clean.CleanCompiler;
import io.zhongtai.pipeline.clean.CleanOp;
import io.zhongtai.pipeline.clean.CleanSpec;
import io.zhongtai.pipeline.clean.CompiledClean;
import io.zhongtai.pipeline.lineage.QueryLineage;
import io.zhongtai.pipeline.lineage.SqlLineage;
import io.zhongtai.pipeline.quality.QualityRule;
import io.zhongtai.spi.data.Column;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a parsed pipeline before anything runs: node names, dependencies, parameters, the SQL of each node, the
 * clean ops and quality rules, the tables each node reads (they must exist or be written by the pipeline), the
 * graph (no cycles) and, in dependency order, the columns every query names (against the lakehouse, or the columns
 * an upstream node produces). Every problem is reported at once with {@code file:line:column}.
 */
public final class SpecValidator {
    /** Table names in SQL without a namespace, as in the SQL session. */
    public static final String DEFAULT_NAMESPACE = "ods";

    /** The lakehouse as validation sees it. */
    public interface Catalog {
        /** The table's columns, or empty when it does not exist. */
        Optional<List<Column>> columns(TableName table);

        /** The columns a sync gives the lakehouse table of a source table, when the source can tell; else empty. */
        default Optional<List<Column>> sourceColumns(String source, String table) {
            return Optional.empty();
        }
    }

    private final PipelineSpec spec;
    private final YamlDocument doc;
    private final Catalog catalog;
    private final Map<String, CleanSpec> cleans = new HashMap<>();
    private final Map<String, List<QualityRule>> rules = new HashMap<>();

    private SpecValidator(PipelineSpec spec, String file, Catalog catalog) {
        this.spec = spec;
        this.doc = YamlDocument.parse(file, spec.yaml());
        this.catalog = catalog;
    }

    /** The pipeline's graph, or INVALID_INPUT listing every problem. */
    public static PipelineGraph validate(PipelineSpec spec, String file, Catalog catalog) {
        return new SpecValidator(spec, file, catalog).run();
    }

    private PipelineGraph run() {
        Map<String, NodeSpec> byName = new LinkedHashMap<>();
        Map<TableName, String> writers = new HashMap<>();
        for (NodeSpec n : spec.nodes()) {
            if (byName.putIfAbsent(n.name(), n) != null) {
                doc.problem(n.path() + ".name", "another node is named '" + n.name() + "' already; node names must be unique");
            }
            for (TableName t : n.writes()) {
                String other = writers.putIfAbsent(t, n.name());
                if (other != null && !other.equals(n.name())) {
                    doc.problem(n.path(), "writes " + t + ", which node '" + other + "' writes too");
                }
            }
        }
        for (NodeSpec n : spec.nodes()) {
            for (String dependency : n.dependsOn()) {
                if (!byName.containsKey(dependency)) {
                    doc.problem(n.path() + ".depends_on", "no node is named '" + dependency + "'");
                } else if (dependency.equals(n.name())) {
                    doc.problem(n.path() + ".depends_on", "a node cannot depend on itself");
                }
            }
        }
        Optional<Params> params = params();
        Map<String, Set<TableName>> reads = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (NodeSpec n : spec.nodes()) {
                reads.put(n.name(), reads(n, duck, params));
            }
            Set<TableName> produced = new HashSet<>(writers.keySet());
            Set<String> syncedNamespaces = new HashSet<>();
            for (NodeSpec n : spec.nodes()) {
                if (n instanceof NodeSpec.Sync s && s.all()) {
                    syncedNamespaces.add(s.into()); // its tables are known only when it runs
                }
            }
            for (NodeSpec n : spec.nodes()) {
                for (TableName t : reads.get(n.name())) {
                    if (!produced.contains(t) && !syncedNamespaces.contains(t.namespace()) && catalog.columns(t).isEmpty()) {
                        doc.problem(n.path(), "reads " + t + ", which does not exist and no node of this pipeline writes");
                    }
                }
            }
            PipelineGraph.Result built = PipelineGraph.build(List.copyOf(byName.values()), reads);
            if (!built.cycle().isEmpty()) {
                doc.problem(byName.get(built.cycle().get(0)).path(), "the nodes form a cycle: " + String.join(" -> ", built.cycle()));
            }
            if (!doc.problems().isEmpty()) {
                throw SpecParser.invalid(doc.source(), doc.problems());
            }
            PipelineGraph graph = built.graph();
            cleans.forEach(graph::putClean);
            rules.forEach(graph::putRules);
            checkColumns(graph, duck, params.orElseThrow());
            if (!doc.problems().isEmpty()) {
                throw SpecParser.invalid(doc.source(), doc.problems());
            }
            return graph;
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot start DuckDB to check SQL: " + e.getMessage(), null, e);
        }
    }

    /** The pipeline's parameters resolved for an example date, to check the SQL that uses them. */
    private Optional<Params> params() {
        try {
            return Optional.of(Params.resolve(spec.name(), LocalDate.now(), "validate", spec.params()));
        } catch (ZhongtaiException e) {
            doc.problem("params", e.getMessage());
            return Optional.empty();
        }
    }

    private Set<TableName> reads(NodeSpec n, Connection duck, Optional<Params> params) {
        Set<TableName> tables = new LinkedHashSet<>();
        if (n instanceof NodeSpec.Sql s) {
            tables.addAll(queryTables(duck, s.sql(), s.path() + ".sql", params));
            tables.addAll(referencedByRules(n.name(), s.quality(), s.path() + ".quality"));
        } else if (n instanceof NodeSpec.Export e) {
            tables.addAll(queryTables(duck, e.query(), e.path(), params));
        } else if (n instanceof NodeSpec.Clean c) {
            tables.add(c.input());
            tables.addAll(cleanLookups(c));
            tables.addAll(referencedByRules(n.name(), c.quality(), c.path() + ".quality"));
        } else if (n instanceof NodeSpec.Quality q) {
            tables.add(q.table());
            tables.addAll(referencedByRules(n.name(), q.rules(), q.path() + ".rules"));
        }
        return tables;
    }

    /** Parses a clean node's ops (reporting each bad one at its place); returns the code tables they look values up in. */
    private List<TableName> cleanLookups(NodeSpec.Clean c) {
        if (!c.ops().isArray() || c.ops().isEmpty()) {
            doc.problem(c.path() + ".ops", "must be a list of at least one op");
            return List.of();
        }
        List<CleanOp> ops = new ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < c.ops().size(); i++) {
            try {
                ops.add(CleanOp.parse(i + 1, c.ops().get(i)));
            } catch (ZhongtaiException e) {
                doc.problem(c.path() + ".ops[" + i + "]", e.getMessage());
                bad = true;
            }
        }
        if (!bad) {
            cleans.put(c.name(), new CleanSpec(c.input(), c.output(), ops));
        }
        List<TableName> lookups = new ArrayList<>();
        for (CleanOp op : ops) {
            if (op instanceof CleanOp.MapValues map) {
                lookups.add(map.table());
            }
        }
        return lookups;
    }

    /** Parses a node's quality rules; returns the tables referential rules read. */
    private List<TableName> referencedByRules(String node, JsonNode ruleNodes, String path) {
        if (ruleNodes == null) {
            return List.of();
        }
        try {
            List<QualityRule> parsed = QualityRule.parseAll(ruleNodes);
            rules.put(node, parsed);
            List<TableName> out = new ArrayList<>();
            for (QualityRule r : parsed) {
                if (r instanceof QualityRule.Referential ref) {
                    out.add(ref.referencedTable());
                }
            }
            return out;
        } catch (ZhongtaiException e) {
            doc.problem(path, e.getMessage());
            return List.of();
        }
    }

    private List<TableName> queryTables(Connection duck, String sql, String path, Optional<Params> params) {
        if (params.isEmpty()) {
            return List.of();
        }
        String text;
        try {
            text = params.get().substitute(sql);
        } catch (ZhongtaiException e) {
            doc.problem(path, e.getMessage());
            return List.of();
        }
        try {
            List<TableName> out = new ArrayList<>();
            for (SelectAnalyzer.TableRef ref : SelectAnalyzer.analyze(duck, text, text, 0).tables()) {
                out.add(TableName.parse(ref.schema() == null ? ref.table() : ref.schema() + "." + ref.table(), DEFAULT_NAMESPACE));
            }
            return out;
        } catch (ZhongtaiException e) {
            doc.problem(path, e.getMessage());
            return List.of();
        }
    }

    /**
     * In dependency order, checks the columns each sql node's query and each clean node's ops name, against the
     * lakehouse or what upstream nodes produce (a sync's new tables: its source tables' columns, when the source can
     * be asked), and records the queries' lineage. A node reading a table whose columns are still unknown is checked
     * when it runs instead.
     */
    private void checkColumns(PipelineGraph graph, Connection duck, Params params) {
        Map<TableName, List<String>> names = new HashMap<>();   // what upstream sql and clean nodes produce
        Map<TableName, List<Column>> typed = new HashMap<>();   // ... with types, where known (clean outputs)
        for (String name : graph.order()) {
            NodeSpec n = graph.node(name);
            Map<TableName, List<String>> knownNames = new HashMap<>();
            Map<TableName, List<Column>> knownTypes = new HashMap<>();
            for (TableName t : graph.reads(name)) {
                Optional<List<Column>> inLakehouse = names.containsKey(t) ? Optional.empty() : catalog.columns(t);
                inLakehouse.ifPresent(columns -> knownTypes.put(t, columns));
                Optional.ofNullable(typed.get(t)).ifPresent(columns -> knownTypes.put(t, columns));
                Optional.ofNullable(names.get(t)).or(() -> inLakehouse.map(columns -> columns.stream().map(Column::name).toList()))
                        .ifPresent(columns -> knownNames.put(t, columns));
            }
            try {
                if (n instanceof NodeSpec.Sync sync) {
                    // A table a sync creates on its first run: its columns are the source table's.
                    for (int i = 0; i < sync.tables().size(); i++) {
                        TableName target = sync.writes().get(i);
                        if (catalog.columns(target).isEmpty()) {
                            catalog.sourceColumns(sync.source(), sync.tables().get(i)).ifPresent(columns -> {
                                typed.put(target, columns);
                                names.put(target, columns.stream().map(Column::name).toList());
                            });
                        }
                    }
                } else if (n instanceof NodeSpec.Sql s && knownNames.keySet().containsAll(graph.reads(name))) {
                    QueryLineage lineage = SqlLineage.analyze(duck, params.substitute(s.sql()), DEFAULT_NAMESPACE, knownNames::get);
                    graph.putLineage(name, lineage);
                    names.put(s.output(), lineage.outputColumns());
                } else if (n instanceof NodeSpec.Clean c && graph.clean(name) != null && knownTypes.containsKey(c.input())) {
                    CompiledClean compiled = CleanCompiler.compile(graph.clean(name), knownTypes.get(c.input()));
                    typed.put(c.output(), compiled.outputColumns());
                    names.put(c.output(), compiled.outputColumns().stream().map(Column::name).toList());
                    graph.putCleanOutputs(name, names.get(c.output()));
                }
            } catch (ZhongtaiException e) {
                doc.problem(n.path() + (n instanceof NodeSpec.Sql ? ".sql" : ".ops"), e.getMessage());
            }
        }
    }
}
