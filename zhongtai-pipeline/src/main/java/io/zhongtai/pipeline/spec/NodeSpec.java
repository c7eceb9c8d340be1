package io.zhongtai.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.lakehouse.TableName;

import java.util.List;

/** One node of a pipeline's DAG. {@code path} is where the node is in the spec ({@code nodes[2]}), for messages. */
public sealed interface NodeSpec {
    String name();

    /** Nodes named in the spec's {@code depends_on}; dependencies through tables are added by the validator. */
    List<String> dependsOn();

    NodeSettings settings();

    String path();

    /** The tables this node writes (its outputs). */
    List<TableName> writes();

    /** The kind as written in the spec. */
    String kind();

    /** Copies a source's tables into a namespace ({@code tables} empty and {@code all}: every table). */
    record Sync(String name, List<String> dependsOn, NodeSettings settings, String path,
                String source, List<String> tables, boolean all, String mode, String into, List<TableName> writes) implements NodeSpec {
        @Override
        public String kind() {
            return "sync";
        }

    }

    /** How a sql node's result replaces, extends or merges into its output table. */
    enum WriteMode { REPLACE, APPEND, MERGE, OVERWRITE_PARTITION }

    /**
     * A SELECT materialised as {@code output}; {@code key} for MERGE, {@code partition} (a predicate over the output's
     * columns) for OVERWRITE_PARTITION. {@code quality} holds rules checked before the result is published.
     */
    record Sql(String name, List<String> dependsOn, NodeSettings settings, String path,
               String sql, TableName output, WriteMode write, List<String> key, String partition, JsonNode quality) implements NodeSpec {
        @Override
        public String kind() {
            return "sql";
        }

        @Override
        public List<TableName> writes() {
            return List.of(output);
        }
    }

    /** Declarative cleaning of {@code input} into {@code output}; rejected rows go to {@code <output>__rejects}. */
    record Clean(String name, List<String> dependsOn, NodeSettings settings, String path,
                 TableName input, TableName output, JsonNode ops, JsonNode quality) implements NodeSpec {
        @Override
        public String kind() {
            return "clean";
        }

        @Override
        public List<TableName> writes() {
            return List.of(output, new TableName(output.namespace(), output.table() + "__rejects"));
        }
    }

    /** Quality rules checked on a table as a step of its own. */
    record Quality(String name, List<String> dependsOn, NodeSettings settings, String path,
                   TableName table, JsonNode rules) implements NodeSpec {
        @Override
        public String kind() {
            return "quality";
        }

        @Override
        public List<TableName> writes() {
            return List.of();
        }
    }

    /** A table or query exported into a source ({@code target}: its table, topic or file name there). */
    record Export(String name, List<String> dependsOn, NodeSettings settings, String path,
                  String query, String to, String target, String mode, List<String> keys) implements NodeSpec {
        @Override
        public String kind() {
            return "export";
        }

        @Override
        public List<TableName> writes() {
            return List.of();
        }
    }
}
