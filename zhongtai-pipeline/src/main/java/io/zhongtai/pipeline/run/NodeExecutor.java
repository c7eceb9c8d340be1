package io.zhongtai.pipeline.run;

import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.ExportResult;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.pipeline.spec.NodeSpec;
import io.zhongtai.pipeline.store.RunStore.NodeStats;
import io.zhongtai.spi.connector.WriteMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Runs one attempt of one node against the platform; everything goes through the platform's session and services. */
public final class NodeExecutor {
    private final Platform platform;

    public NodeExecutor(Platform platform) {
        this.platform = requireNonNull(platform, "platform is null");
    }

    public NodeStats execute(NodeSpec node, NodeContext context) {
        if (node instanceof NodeSpec.Sql sql) {
            return sql(sql, context);
        }
        if (node instanceof NodeSpec.Sync sync) {
            return sync(sync, context);
        }
        if (node instanceof NodeSpec.Export export) {
            return export(export, context);
        }
        throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Node kind " + node.kind() + " has no executor");
    }

    private NodeStats sql(NodeSpec.Sql node, NodeContext context) {
        String select = context.params().substitute(node.sql()).strip();
        while (select.endsWith(";")) {
            select = select.substring(0, select.length() - 1).strip();
        }
        TableName out = node.output();
        boolean exists = platform.lakehouse().tableExists(out);
        String statement = !exists && node.write() != NodeSpec.WriteMode.REPLACE
                ? "CREATE TABLE " + out + " AS " + select
                : switch (node.write()) {
                    case REPLACE -> "CREATE OR REPLACE TABLE " + out + " AS " + select;
                    case APPEND -> "INSERT INTO " + out + " " + select;
                    case MERGE -> merge(out, select, node.key(), context);
                    case OVERWRITE_PARTITION -> {
                        String partition = context.params().substitute(node.partition());
                        // Rows outside the partition are kept, the query's rows replace the rest: one copy-on-write commit.
                        yield "INSERT OVERWRITE " + out + " SELECT * FROM " + out + " WHERE NOT coalesce((" + partition + "), false)"
                                + " UNION ALL BY NAME (" + select + ")";
                    }
                };
        context.log().accept("running: " + oneLine(statement));
        try (SqlResult result = platform.sessions().execute(context.session(), statement)) {
            context.log().accept(result.summary());
            long rows = result.updateCount();
            return new NodeStats(null, rows < 0 ? null : rows, null, null);
        }
    }

    /** MERGE by key: matched rows take every column of the query's row, others are inserted. */
    private String merge(TableName out, String select, List<String> key, NodeContext context) {
        List<String> columns = new ArrayList<>();
        try (SqlResult described = platform.sessions().execute(context.session(), "DESCRIBE " + select)) {
            while (described.next()) {
                columns.add(String.valueOf(described.get(0)));
            }
        }
        for (String k : key) {
            if (!columns.contains(k)) {
                throw ZhongtaiException.invalid("Cannot merge into %s by key %s: the query has no column '%s' (it has %s)", out, key, k,
                        String.join(", ", columns));
            }
        }
        String on = key.stream().map(k -> "t." + TypeMapping.quote(k) + " = s." + TypeMapping.quote(k)).collect(Collectors.joining(" AND "));
        String set = columns.stream().filter(c -> !key.contains(c))
                .map(c -> TypeMapping.quote(c) + " = s." + TypeMapping.quote(c)).collect(Collectors.joining(", "));
        String names = columns.stream().map(TypeMapping::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "s." + TypeMapping.quote(c)).collect(Collectors.joining(", "));
        return "MERGE INTO " + out + " AS t USING (" + select + ") AS s ON " + on
                + (set.isEmpty() ? "" : " WHEN MATCHED THEN UPDATE SET " + set)
                + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES (" + values + ")";
    }

    private NodeStats sync(NodeSpec.Sync node, NodeContext context) {
        SyncMode mode = SyncMode.valueOf(node.mode().toUpperCase(Locale.ROOT));
        SyncRequest request = new SyncRequest(node.source(), node.tables(), node.all(), node.into(), mode, Optional.empty(), 4, false, null);
        context.log().accept("syncing " + (node.all() ? "every table" : String.join(", ", node.tables())) + " of source "
                + node.source() + " into " + node.into() + " (" + node.mode() + ")");
        SyncResult result = platform.integration().sync(context.session(), request, new SyncListener() {
            @Override
            public void committed(String targetTable, long rows, long snapshotId) {
                context.log().accept("committed " + rows + " rows to " + targetTable + " (snapshot " + snapshotId + ")");
            }
        }, context.stop());
        return new NodeStats(result.rows(), result.rows(), null, null);
    }

    private NodeStats export(NodeSpec.Export node, NodeContext context) {
        String query = context.params().substitute(node.query());
        WriteMode mode = WriteMode.valueOf(node.mode().toUpperCase(Locale.ROOT));
        context.log().accept("exporting to " + node.to() + "/" + node.target() + " (" + node.mode() + "): " + oneLine(query));
        AtomicLong written = new AtomicLong();
        ExportResult result = platform.integration().export(context.session(),
                new ExportRequest(query, node.to(), node.target(), mode, node.keys()), written::addAndGet);
        context.log().accept("exported " + result.rows() + " rows in " + result.duration().toMillis() + " ms");
        return new NodeStats(result.rows(), result.rows(), null, null);
    }

    private static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}
