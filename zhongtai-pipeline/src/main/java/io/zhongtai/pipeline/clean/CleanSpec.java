package io.zhongtai.pipeline.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A clean node: the raw table it reads, the cleaned table it writes, and its ops in the order they apply. */
public record CleanSpec(TableName input, TableName output, List<CleanOp> ops) {

    /** One entry of the YAML {@code ops:} list and where it starts, e.g. {@code pipelines/shop.yaml:14:7}. */
    public record OpNode(JsonNode node, String location) {
        public OpNode {
            requireNonNull(node, "node is null");
            requireNonNull(location, "location is null");
        }
    }

    public CleanSpec {
        requireNonNull(input, "input is null");
        requireNonNull(output, "output is null");
        ops = List.copyOf(requireNonNull(ops, "ops is null"));
        if (ops.isEmpty()) {
            throw ZhongtaiException.invalid("Clean node writing %s: 'ops' needs at least one op", output);
        }
    }

    /** Reads the ops; an error is INVALID_INPUT starting with the op's location, e.g. {@code shop.yaml:14:7: op 2 (cast): ...}. */
    public static CleanSpec parse(TableName input, TableName output, List<OpNode> ops) {
        requireNonNull(ops, "ops is null");
        List<CleanOp> parsed = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            OpNode op = ops.get(i);
            try {
                parsed.add(CleanOp.parse(i + 1, op.node()));
            } catch (ZhongtaiException e) {
                throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, op.location() + ": " + e.getMessage(), null, e);
            }
        }
        return new CleanSpec(input, output, parsed);
    }
}
