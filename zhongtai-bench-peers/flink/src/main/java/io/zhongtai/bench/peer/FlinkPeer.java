package io.zhongtai.bench.peer;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;

import java.util.stream.Collectors;

/**
 * SyncBench's Flink peer: a batch job on a local MiniCluster, parallelism {@code partitions}, reading the table
 * through flink-connector-jdbc (its PostgreSQL catalog for the schema, the {@code jdbc} table source split into
 * {@code partitions} ranges of {@code column}) and writing Parquet (zstd) with the {@code filesystem} sink, whose
 * Parquet writer is the FileSink bulk format of flink-parquet. Driven as {@link PeerProtocol} says; arguments as
 * {@link PeerArgs}.
 */
public final class FlinkPeer {
    private FlinkPeer() {
    }

    public static void main(String[] args) throws Exception {
        PeerArgs a = PeerArgs.parse(args);
        long t = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(a.partitions(), new Configuration());
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        String database = a.url().substring(a.url().lastIndexOf('/') + 1);
        tables.executeSql("CREATE CATALOG pg WITH ('type' = 'jdbc', 'base-url' = '" + a.url().substring(0, a.url().lastIndexOf('/'))
                + "', 'default-database' = '" + database + "', 'username' = '" + a.user() + "', 'password' = '" + a.password() + "')");
        String source = "pg.`" + database + "`.`" + a.table() + "`";
        String columns = tables.from(source).getResolvedSchema().getColumns().stream()
                .map(FlinkPeer::ddl).collect(Collectors.joining(", "));
        PeerProtocol.serve(a, System.nanoTime() - t, dir -> {
            long[] bounds = a.partitionBounds();
            String sink = "sink_" + dir.getFileName().toString().replace('-', '_');
            tables.executeSql("CREATE TEMPORARY TABLE " + sink + " (" + columns + ") WITH ('connector' = 'filesystem', 'path' = '"
                    + dir.toUri() + "', 'format' = 'parquet', 'parquet.compression' = 'ZSTD')");
            tables.executeSql("INSERT INTO " + sink + " SELECT * FROM " + source + " /*+ OPTIONS("
                    + "'scan.partition.column' = '" + a.column() + "', 'scan.partition.num' = '" + a.partitions() + "', "
                    + "'scan.partition.lower-bound' = '" + bounds[0] + "', 'scan.partition.upper-bound' = '" + bounds[1] + "', "
                    // a fetch size and no auto-commit make PgJDBC stream with a cursor instead of buffering every row
                    + "'scan.fetch-size' = '10000', 'scan.auto-commit' = 'false') */").await();
        });
    }

    private static String ddl(Column column) {
        return "`" + column.getName() + "` " + column.getDataType().getLogicalType().copy(true).asSerializableString();
    }
}
