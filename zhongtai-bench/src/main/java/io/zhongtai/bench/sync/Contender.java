package io.zhongtai.bench.sync;

/**
 * One way of copying the lineitem table out of PostgreSQL. SyncBench runs every contender once per round, in turn,
 * so that the load other work puts on a shared machine falls on all of them alike.
 */
public interface Contender extends AutoCloseable {
    /** The short name the figures are keyed by: limit, copy_manager, zhongtai, spark, flink. */
    String part();

    /** Copies the table once and checks the copy's row count; returns how long the copy took, in nanoseconds. */
    long run(int round) throws Exception;

    /** The figures of the runs made. */
    Throughput result(long[] runNanos) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
