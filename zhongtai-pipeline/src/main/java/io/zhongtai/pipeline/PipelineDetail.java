package io.zhongtai.pipeline;

import java.util.List;

/** A pipeline version: its summary, its nodes in run order, and the YAML it was applied as. */
public record PipelineDetail(PipelineSummary summary, List<Node> nodes, String yaml) {
    /** One node: what it waits for and which tables it reads and writes. */
    public record Node(String name, String kind, List<String> upstream, List<String> reads, List<String> writes) {
    }
}
