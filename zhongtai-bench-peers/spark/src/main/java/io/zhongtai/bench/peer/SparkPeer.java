package io.zhongtai.bench.peer;

import org.apache.spark.sql.SparkSession;

import java.util.Properties;

/**
 * SyncBench's Spark peer: {@code spark.read.jdbc} with {@code partitions} ranges on an integer column, then
 * {@code write.parquet} with zstd, in Spark local mode with as many threads as partitions. Started by SyncBench in
 * its own JVM and driven as {@link PeerProtocol} says. Usage:
 * {@code SparkPeer --url U --user U --password P --table T --column C --partitions N --out DIR}.
 */
public final class SparkPeer {
    private SparkPeer() {
    }

    public static void main(String[] args) throws Exception {
        PeerArgs a = PeerArgs.parse(args);
        long t = System.nanoTime();
        SparkSession spark = SparkSession.builder()
                .master("local[" + a.partitions() + "]")
                .appName("zhongtai-sync-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(a.partitions()))
                .getOrCreate();
        try {
            PeerProtocol.serve(a, System.nanoTime() - t, dir -> {
                long[] bounds = a.partitionBounds();
                Properties props = new Properties();
                props.put("user", a.user());
                props.put("password", a.password());
                props.put("driver", "org.postgresql.Driver");
                // without a fetch size PgJDBC holds a partition's whole result in memory
                props.put("fetchsize", "10000");
                spark.read().jdbc(a.url(), a.table(), a.column(), bounds[0], bounds[1] + 1, a.partitions(), props)
                        .write().option("compression", "zstd").parquet(dir.toString());
            });
        } finally {
            spark.stop();
        }
    }
}
