package io.zhongtai.cli;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.lineage.LineageEdge;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.List;

/** {@code zhongtai lineage ns.table[.column]}: where data comes from, or what depends on it, from the pipelines' SQL. */
@Command(name = "lineage", description = {"Shows column-level lineage derived from the pipelines' SQL, clean ops, syncs and exports "
        + "(current version of every pipeline).",
        "Upstream (default): where the table or column comes from. Downstream: every table and column that depends on it (impact analysis)."},
        footerHeading = "%nExamples:%n", footer = {"  zhongtai lineage dws.daily_sales.amount", "  zhongtai lineage ods.shop_orders --downstream"})
final class LineageCommand extends BackendCommand {
    @Parameters(index = "0", paramLabel = "NS.TABLE[.COLUMN]")
    String target;

    @ArgGroup(exclusive = true)
    Direction direction;

    static final class Direction {
        @Option(names = "--upstream", description = "Where it comes from (default).")
        boolean upstream;

        @Option(names = "--downstream", description = "What depends on it.")
        boolean downstream;
    }

    @Option(names = "--depth", defaultValue = "10", paramLabel = "N", description = "Follow at most N hops (default: ${DEFAULT-VALUE}).")
    int depth;

    @Mixin
    OutputOption output;

    @Override
    protected int act(Backend backend) {
        String[] parts = target.split("\\.", -1);
        TableName table = TableName.parse(parts.length >= 2 ? parts[0] + "." + parts[1] : target, null);
        String column = parts.length == 3 ? parts[2].toLowerCase(java.util.Locale.ROOT) : null;
        if (parts.length > 3) {
            throw io.zhongtai.core.ZhongtaiException.invalid("Expected <namespace>.<table>[.<column>], got '%s'", target);
        }
        boolean upstream = direction == null || !direction.downstream;
        List<LineageEdge> edges = backend.lineage(table.toString(), column, upstream, depth);
        new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(edges,
                List.of("source", "target", "kind", "pipeline", "node"),
                e -> Arrays.asList(e.source(), e.target(), e.kind(), e.pipeline(), e.node())));
        return 0;
    }
}
