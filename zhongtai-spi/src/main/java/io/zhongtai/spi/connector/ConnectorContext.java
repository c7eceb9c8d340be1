package io.zhongtai.spi.connector;

import java.nio.file.Path;

/** What the platform gives a connector: its source's name and a private scratch directory. */
public interface ConnectorContext {
    /** The registered source's name (for logs, consumer group ids, replication slot names). */
    String sourceName();

    /** A directory for temporary files (e.g. {@link io.zhongtai.spi.data.FileBatch}es); exists. */
    Path workDir();
}
