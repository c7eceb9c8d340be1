package io.zhongtai.pipeline.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline as its YAML describes it: a DAG of nodes with parameters, a schedule and alerts. See
 * docs/pipelines.md for the format. {@code yaml} is the text it was read from, stored as the version.
 */
public record PipelineSpec(String name, String description, Optional<ScheduleSpec> schedule, List<String> dependsOn,
                           Map<String, String> params, AlertSpec alerts, List<NodeSpec> nodes, String yaml) {
    public PipelineSpec {
        requireNonNull(name, "name is null");
        dependsOn = List.copyOf(dependsOn);
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        nodes = List.copyOf(nodes);
    }

    public Optional<NodeSpec> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }
}
