package io.zhongtai.pipeline.spec;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.sql.SelectAnalyzer;
import io.zhongtai.core.yaml.YamlDocument;

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
 * tables it reads (they must exist or be written by an earlier node) and the graph (no cycles). Every problem is
 * reported at once with {@code file:line:column}.
 */
public final class SpecValidator {
    /** Table names in SQL without a namespace, as in the SQL session. */
    public static final String DEFAULT_NAMESPACE = "ods";

    /** The lakehouse as validation sees it. */
    public interface Catalog {
        /** The table's column names, or empty when it does not exist. */
        Optional<List<String>> columns(TableName table);
    }

    private final PipelineSpec spec;
    private final YamlDocument doc;
    private final Catalog catalog;

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
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot start DuckDB to check SQL: " + e.getMessage(), null, e);
        }
        Set<TableName> produced = new HashSet<>(writers.keySet());
        Set<String> syncAll = new HashSet<>();
        for (NodeSpec n : spec.nodes()) {
            if (n instanceof NodeSpec.Sync s && s.all()) {
                syncAll.add(s.into()); // its tables are known only when it runs
            }
        }
        for (NodeSpec n : spec.nodes()) {
            for (TableName t : reads.get(n.name())) {
                if (!produced.contains(t) && !syncAll.contains(t.namespace()) && catalog.columns(t).isEmpty()) {
                    doc.problem(n.path(), "reads " + t + ", which does not exist and no node of this pipeline writes");
                }
            }
        }
        PipelineGraph.Result graph = PipelineGraph.build(List.copyOf(byName.values()), reads);
        if (!graph.cycle().isEmpty()) {
            NodeSpec first = byName.get(graph.cycle().get(0));
            doc.problem(first.path(), "the nodes form a cycle: " + String.join(" -> ", graph.cycle()));
        }
        if (!doc.problems().isEmpty()) {
            throw SpecParser.invalid(doc.source(), doc.problems());
        }
        return graph.graph();
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
        } else if (n instanceof NodeSpec.Export e) {
            tables.addAll(queryTables(duck, e.query(), e.path(), params));
        } else if (n instanceof NodeSpec.Clean c) {
            tables.add(c.input());
        } else if (n instanceof NodeSpec.Quality q) {
            tables.add(q.table());
        }
        return tables;
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
}
