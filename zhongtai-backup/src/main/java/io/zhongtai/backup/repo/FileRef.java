package io.zhongtai.backup.repo;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A file stored as objects of at most the repository's chunk size, in order, with the SHA-256 (hex) of the whole. */
public record FileRef(List<String> chunks, long size, String sha256) {
    public FileRef {
        chunks = List.copyOf(requireNonNull(chunks, "chunks is null"));
        requireNonNull(sha256, "sha256 is null");
    }
}
