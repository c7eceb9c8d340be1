package io.zhongtai.pipeline.lineage;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.clean.CleanOp;
import io.zhongtai.pipeline.clean.CleanSpec;
import io.zhongtai.pipeline.spec.NodeSpec;
import io.zhongtai.pipeline.spec.PipelineGraph;
import io.zhongtai.pipeline.spec.PipelineSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The lineage edges of a validated pipeline: column edges from each sql node's query, column edges of clean nodes
 * (each output column from the input column of the same name, mapped columns also from their code table), and
 * table-level edges for every node, including sync (source table to ods) and export (table to source).
 */
public final class PipelineLineage {
    private PipelineLineage() {
    }

    public static List<LineageEdge> edges(PipelineSpec spec, PipelineGraph graph) {
        List<LineageEdge> edges = new ArrayList<>();
        for (String name : graph.order()) {
            NodeSpec node = graph.node(name);
            if (node instanceof NodeSpec.Sync sync) {
                for (int i = 0; i < sync.tables().size(); i++) {
                    edges.add(table(spec, node, "source:" + sync.source() + "/" + sync.tables().get(i), sync.writes().get(i).toString()));
                }
            } else if (node instanceof NodeSpec.Export export) {
                for (TableName read : graph.reads(name)) {
                    edges.add(table(spec, node, read.toString(), "source:" + export.to() + "/" + export.target()));
                }
            } else if (node instanceof NodeSpec.Sql sql) {
                graph.reads(name).forEach(read -> edges.add(table(spec, node, read.toString(), sql.output().toString())));
                graph.lineage(name).ifPresent(lineage -> {
                    lineage.columnSources().forEach((column, sources) -> sources.forEach(source ->
                            edges.add(new LineageEdge(spec.name(), name, source.table().toString(), source.column(), sql.output().toString(),
                                    column, LineageEdge.DIRECT))));
                    for (ColumnRef source : lineage.indirectSources()) {
                        edges.add(new LineageEdge(spec.name(), name, source.table().toString(), source.column(), sql.output().toString(), "",
                                LineageEdge.INDIRECT));
                    }
                });
            } else if (node instanceof NodeSpec.Clean clean) {
                graph.reads(name).forEach(read -> edges.add(table(spec, node, read.toString(), clean.output().toString())));
                CleanSpec cleanSpec = graph.clean(name);
                if (cleanSpec != null) {
                    edges.addAll(cleanColumns(spec.name(), name, cleanSpec, graph.cleanOutputs(name)));
                }
            }
        }
        return edges;
    }

    /** Clean ops keep column names: each known output column comes from the input column of the same name. */
    private static List<LineageEdge> cleanColumns(String pipeline, String node, CleanSpec clean, List<String> outputs) {
        List<LineageEdge> edges = new ArrayList<>();
        for (String column : outputs) {
            edges.add(new LineageEdge(pipeline, node, clean.input().toString(), column, clean.output().toString(), column, LineageEdge.DIRECT));
        }
        for (CleanOp op : clean.ops()) {
            if (op instanceof CleanOp.MapValues map) {
                edges.add(new LineageEdge(pipeline, node, map.table().toString(), map.to(), clean.output().toString(), map.column(),
                        LineageEdge.DIRECT));
            }
        }
        return edges;
    }

    private static LineageEdge table(PipelineSpec spec, NodeSpec node, String source, String target) {
        return new LineageEdge(spec.name(), node.name(), source, "", target, "", LineageEdge.TABLE);
    }
}
