package io.zhongtai.backup.repo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.zhongtai.core.ZhongtaiException;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The plain JSON file "config": format version, repository id, chunk size of files, and compression. */
record RepositoryConfig(int version, String id, @JsonProperty("chunk_size") int chunkSize, String compression) {
    static final int VERSION = 1;
    static final int DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;
    /** Chunks are held in memory whole, by every thread that stores or restores files. */
    static final int MAX_CHUNK_SIZE = 256 * 1024 * 1024;
    private static final String DEFAULT_COMPRESSION = "zstd-1";
    private static final Pattern ZSTD_LEVEL = Pattern.compile("zstd-(\\d{1,2})");
    private static final int MAX_ZSTD_LEVEL = 22;

    static RepositoryConfig create(int chunkSize) {
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is not between 1 and " + MAX_CHUNK_SIZE);
        }
        return new RepositoryConfig(VERSION, UUID.randomUUID().toString(), chunkSize, DEFAULT_COMPRESSION);
    }

    static RepositoryConfig parse(byte[] json, String location) {
        RepositoryConfig config;
        try {
            config = Json.read(json, RepositoryConfig.class);
        } catch (IntegrityException e) {
            throw corrupted(location, e.getMessage());
        }
        if (config.version != VERSION) {
            throw ZhongtaiException.invalid("Cannot open backup repository %s: it has format version %d, this version "
                    + "of Zhongtai reads version %d", location, config.version, VERSION);
        }
        if (config.id == null || config.id.isBlank()) {
            throw corrupted(location, "it has no id");
        }
        if (config.chunkSize < 1 || config.chunkSize > MAX_CHUNK_SIZE) {
            throw corrupted(location, "chunk_size " + config.chunkSize + " is not between 1 and " + MAX_CHUNK_SIZE);
        }
        config.compressionLevel(location);
        return config;
    }

    int compressionLevel(String location) {
        Matcher matcher = ZSTD_LEVEL.matcher(compression == null ? "" : compression);
        int level = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
        if (level < 1 || level > MAX_ZSTD_LEVEL) {
            throw corrupted(location, "compression '" + compression + "' is not zstd-1 … zstd-" + MAX_ZSTD_LEVEL);
        }
        return level;
    }

    private static ZhongtaiException corrupted(String location, String why) {
        return new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED,
                "Cannot open backup repository " + location + ": its config is corrupted: " + why);
    }
}
