package io.zhongtai.backup.repo;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A file stored as objects of at most the repository's chunk size, in order, with its hash: the SHA-256 (hex) of the
 * SHA-256 digests of its chunks in order (a hash list; for a file of one chunk or none, the SHA-256 of that digest
 * or of nothing). The chunks are hashed once, in parallel, rather than the whole file a second time in one thread.
 */
public record FileRef(List<String> chunks, long size, String sha256) {
    public FileRef {
        chunks = List.copyOf(requireNonNull(chunks, "chunks is null"));
        requireNonNull(sha256, "sha256 is null");
    }
}
