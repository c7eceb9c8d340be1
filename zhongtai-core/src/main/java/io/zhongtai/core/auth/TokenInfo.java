package io.zhongtai.core.auth;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An API token as listed: never its secret or hash.
 *
 * @param createdBy the creator's {@link Identity#principal() principal}
 */
public record TokenInfo(String id, String name, Instant createdAt, Optional<Instant> lastUsedAt,
                        Optional<Instant> revokedAt, String createdBy) {
    public TokenInfo {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(lastUsedAt, "lastUsedAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(createdBy, "createdBy is null");
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
