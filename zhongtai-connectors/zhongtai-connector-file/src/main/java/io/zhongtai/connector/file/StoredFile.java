package io.zhongtai.connector.file;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A file in a {@link FileStore}: its key (a local path or an S3 object key), size and modification time. */
record StoredFile(String key, long size, Instant modified) {
    StoredFile {
        requireNonNull(key, "key is null");
        requireNonNull(modified, "modified is null");
    }

    String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
