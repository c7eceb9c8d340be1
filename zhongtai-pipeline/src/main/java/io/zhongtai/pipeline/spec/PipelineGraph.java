package io.zhongtai.pipeline.spec;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.clean.CleanSpec;
import io.zhongtai.pipeline.lineage.QueryLineage;
import io.zhongtai.pipeline.quality.QualityRule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DAG of a pipeline: a node depends on the nodes its {@code depends_on} names and on every node that writes a
 * table it reads. {@link #order()} is a topological order that keeps the spec's order where the edges allow.
 */
public final class PipelineGraph {
    private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> upstream = new LinkedHashMap<>();
    private final Map<String, Set<TableName>> reads;
    private final List<String> order;
    private final Map<String, QueryLineage> lineage = new LinkedHashMap<>();
    private final Map<String, CleanSpec> cleans = new LinkedHashMap<>();
    private final Map<String, List<QualityRule>> rules = new LinkedHashMap<>();
    private final Map<String, List<String>> cleanOutputs = new LinkedHashMap<>();

    private PipelineGraph(List<NodeSpec> nodes, Map<String, Set<TableName>> reads, Map<String, Set<String>> upstream, List<String> order) {
        nodes.forEach(n -> this.nodes.put(n.name(), n));
        this.reads = reads;
        this.upstream.putAll(upstream);
        this.order = List.copyOf(order);
    }

    /**
     * Builds the graph; returns the cycle (as node names, first = last) instead when there is one.
     *
     * @param reads the lakehouse tables each node reads
     */
    static Result build(List<NodeSpec> nodes, Map<String, Set<TableName>> reads) {
        Map<TableName, String> writers = new HashMap<>();
        for (NodeSpec n : nodes) {
            n.writes().forEach(t -> writers.putIfAbsent(t, n.name()));
        }
        Map<String, Set<String>> upstream = new LinkedHashMap<>();
        for (NodeSpec n : nodes) {
            Set<String> up = new LinkedHashSet<>(n.dependsOn());
            for (TableName t : reads.getOrDefault(n.name(), Set.of())) {
                String writer = writers.get(t);
                if (writer != null && !writer.equals(n.name())) {
                    up.add(writer);
                }
            }
            upstream.put(n.name(), up);
        }
        Optional<List<String>> cycle = findCycle(nodes, upstream);
        if (cycle.isPresent()) {
            return new Result(null, cycle.get());
        }
        return new Result(new PipelineGraph(nodes, reads, upstream, topologicalOrder(nodes, upstream)), List.of());
    }

    /** A graph, or the cycle that prevented one. */
    record Result(PipelineGraph graph, List<String> cycle) {
    }

    private static Optional<List<String>> findCycle(List<NodeSpec> nodes, Map<String, Set<String>> upstream) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (NodeSpec n : nodes) {
            Deque<String> path = new ArrayDeque<>();
            Optional<List<String>> cycle = visit(n.name(), upstream, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String node, Map<String, Set<String>> upstream, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        if (s != null) {
            // The path runs upstream, newest first: read from the repeated node it is the direction data flows.
            List<String> newestFirst = new ArrayList<>(path);
            List<String> cycle = new ArrayList<>();
            cycle.add(node);
            cycle.addAll(newestFirst.subList(0, newestFirst.indexOf(node)));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        path.push(node);
        for (String up : upstream.getOrDefault(node, Set.of())) {
            if (upstream.containsKey(up)) {
                Optional<List<String>> cycle = visit(up, upstream, state, path);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        path.pop();
        state.put(node, 2);
        return Optional.empty();
    }

    private static List<String> topologicalOrder(List<NodeSpec> nodes, Map<String, Set<String>> upstream) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (order.size() < nodes.size()) {
            for (NodeSpec n : nodes) {
                if (!done.contains(n.name()) && done.containsAll(upstream.get(n.name()).stream().filter(upstream::containsKey).toList())) {
                    done.add(n.name());
                    order.add(n.name());
                    break;
                }
            }
        }
        return order;
    }

    /** Node names, each after all its upstream nodes. */
    public List<String> order() {
        return order;
    }

    public NodeSpec node(String name) {
        return nodes.get(name);
    }

    /** The nodes {@code node} waits for. */
    public Set<String> upstream(String node) {
        return Collections.unmodifiableSet(upstream.get(node));
    }

    /** Every node that runs after {@code node}, directly or through others. */
    public Set<String> downstream(String node) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : order) {
            if (upstream.get(n).contains(node) || upstream.get(n).stream().anyMatch(out::contains)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The lakehouse tables a node reads. */
    public Set<TableName> reads(String node) {
        return reads.getOrDefault(node, Set.of());
    }

    /** The column lineage of a sql node's query, when the columns of every table it reads were known at validation. */
    public Optional<QueryLineage> lineage(String node) {
        return Optional.ofNullable(lineage.get(node));
    }

    /** A clean node's parsed ops. */
    public CleanSpec clean(String node) {
        return cleans.get(node);
    }

    /** The quality rules of a node: a quality node's rules, or those a sql or clean node checks before publishing. */
    public List<QualityRule> rules(String node) {
        return rules.getOrDefault(node, List.of());
    }

    /** A clean node's output columns, when its input's columns were known at validation; else empty. */
    public List<String> cleanOutputs(String node) {
        return cleanOutputs.getOrDefault(node, List.of());
    }

    void putCleanOutputs(String node, List<String> columns) {
        cleanOutputs.put(node, List.copyOf(columns));
    }

    void putLineage(String node, QueryLineage l) {
        lineage.put(node, l);
    }

    void putClean(String node, CleanSpec c) {
        cleans.put(node, c);
    }

    void putRules(String node, List<QualityRule> r) {
        rules.put(node, List.copyOf(r));
    }
}
