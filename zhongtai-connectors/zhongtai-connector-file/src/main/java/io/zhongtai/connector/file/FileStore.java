package io.zhongtai.connector.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where a source's files live. Keys are '/'-separated: absolute paths on local disk, object keys in S3;
 * a directory is a key prefix without the trailing slash ("" is an S3 bucket's root).
 */
interface FileStore extends AutoCloseable {
    /** Every file under {@code directory}, recursively; NOT_FOUND when the directory does not exist. */
    List<StoredFile> list(String directory);

    /** The file at {@code key}, if it is a file. */
    Optional<StoredFile> stat(String key);

    /** Checks within {@code timeout} that {@code directory} can be listed with the configured access. */
    void check(String directory, Duration timeout);

    /** True when {@link #fetch} downloads (and the local copy is a temporary file). */
    boolean remote();

    /** A local file with the file's content: the file itself on local disk, a download into {@code workDir} for S3. */
    Path fetch(StoredFile file, Path workDir);

    /** Makes {@code local} visible at {@code key} at once: readers see the whole file or none of it. */
    void put(Path local, String key);

    void delete(Collection<String> keys);

    /** The key as a user recognises it in messages (a path or an s3:// URL). */
    String display(String key);

    /** Joins a directory and a relative path into a key. */
    default String resolve(String directory, String relative) {
        return directory.isEmpty() ? relative : directory + "/" + relative;
    }

    @Override
    void close();
}
