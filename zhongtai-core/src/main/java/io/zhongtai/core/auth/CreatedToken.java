package io.zhongtai.core.auth;

import static java.util.Objects.requireNonNull;

/**
 * A freshly created API token. {@code secret} is shown to the user once and cannot be
 * recovered later: only its hash is stored.
 */
public record CreatedToken(String id, String name, String secret) {
    public CreatedToken {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(secret, "secret is null");
    }

    /** Masks the secret so that logging the token by accident does not leak it. */
    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", name=" + name + ", secret=***]";
    }
}
