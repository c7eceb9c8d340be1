package io.zhongtai.cli;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.MaintenanceResult;
import io.zhongtai.core.session.PartitionInfo;
import io.zhongtai.core.session.SnapshotInfo;
import io.zhongtai.core.session.TableInfo;
import io.zhongtai.core.sql.SqlResult;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the {@code sql}, {@code load} and {@code table} commands need from the platform, either
 * in-process on a home directory ({@link EmbeddedBackend}) or over HTTP from a server
 * ({@link RemoteBackend}). Errors are {@link io.zhongtai.core.ZhongtaiException}s either way.
 */
interface Backend extends AutoCloseable {
    /** Where the backend runs, for the shell's banner: a home directory or a server URL. */
    String describe();

    /** The current namespace; {@code USE ns} changes it. */
    String namespace();

    /** Runs each statement of a script in order; each result is closed after {@code each} returns. */
    void executeScript(String script, Consumer<SqlResult> each);

    /** Stops the statement running now, from another thread (Ctrl-C in the shell). */
    void cancel();

    List<String> namespaces();

    List<TableName> tables(String namespace);

    TableInfo table(TableName name);

    List<SnapshotInfo> history(TableName name);

    List<PartitionInfo> partitions(TableName name);

    List<FileInfo> files(TableName name);

    MaintenanceResult tag(TableName name, String tag, Long snapshotId);

    MaintenanceResult rollback(TableName name, long snapshotId);

    MaintenanceResult expire(TableName name, Duration olderThan, int retainLast);

    MaintenanceResult compact(TableName name);

    MaintenanceResult clean(TableName name, Duration olderThan, boolean dryRun);

    LoadResult load(LoadRequest request, ProgressListener progress);

    @Override
    void close();
}
