package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Where a repository's files live. Keys are '/'-separated relative paths such as "data/ab/ab12…". */
public interface RepositoryStorage extends AutoCloseable {
    /** For messages: file:///abs/path or s3://bucket/prefix. */
    String location();

    /**
     * Stores bytes under key, visible complete or not at all (file: write tmp/…, fsync, ATOMIC_MOVE; S3: one
     * PutObject). Replaces what was there.
     */
    void put(String key, byte[] bytes);

    /**
     * As {@link #put}, but may return before the bytes are durable and visible under key; {@link #flush} waits for
     * that. For content-addressed objects, which nothing reads before the manifest that names them is saved.
     */
    default void putDeferred(String key, byte[] bytes) {
        put(key, bytes);
    }

    /** Returns once every earlier {@link #putDeferred} is durable and visible; throws the first that failed. */
    default void flush() {
    }

    /** The bytes under key, or empty when there is none. */
    Optional<byte[]> get(String key);

    /** Every key under prefix (e.g. "data/"), sorted; never a temporary file. */
    List<String> list(String prefix);

    /** Deletes key; no error when it is absent. */
    void delete(String key);

    /**
     * Removes temporary files that interrupted puts left behind and that are older than {@code maxAge}; returns how
     * many. Storages whose puts write no temporary files have none to remove.
     */
    default int removeTemporariesOlderThan(Duration maxAge) {
        return 0;
    }

    @Override
    void close();

    /** Opens file:///path (directory created on put) or s3://bucket/prefix; other schemes: INVALID_INPUT naming the URL. */
    static RepositoryStorage open(URI url, S3Options s3) {
        requireNonNull(url, "url is null");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> FileStorage.at(url);
            case "s3" -> new S3Storage(url, s3 == null ? S3Options.DEFAULT : s3);
            default -> throw ZhongtaiException.invalid(
                    "Cannot open backup repository %s: only file:///absolute/path and s3://bucket/prefix locations are supported", url);
        };
    }
}
