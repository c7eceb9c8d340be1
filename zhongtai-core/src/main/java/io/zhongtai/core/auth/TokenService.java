package io.zhongtai.core.auth;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.metadata.MetadataStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * API tokens: long random secrets handed to scripts and remote clients, stored only as hashes
 * in the {@code zt_token} table.
 */
public final class TokenService {
    private static final String PREFIX = "zt_";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
    // Recording every use would turn each authenticated read into a database write.
    private static final long LAST_USED_RESOLUTION_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataStore store;
    private final Clock clock;

    public TokenService(MetadataStore store) {
        this(store, Clock.systemUTC());
    }

    public TokenService(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Creates a token named {@code name}. The returned secret is the only copy: it cannot be shown again.
     *
     * @throws ZhongtaiException if the name is invalid or already used, also by a revoked token
     */
    public CreatedToken create(String name, Identity createdBy) {
        requireNonNull(name, "name is null");
        requireNonNull(createdBy, "createdBy is null");
        if (!NAME.matcher(name).matches()) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cannot create token, name must be 1 to 64 letters, digits, '.', '_' or '-': " + name);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        CreatedToken token = new CreatedToken(UUID.randomUUID().toString(), name,
                PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        store.inTransaction(connection -> {
            if (findId(connection, "name", name).isPresent()) {
                throw ZhongtaiException.conflict("Cannot create token, name already exists: %s", name);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO zt_token (id, name, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, token.id());
                insert.setString(2, name);
                insert.setString(3, hash(token.secret()));
                insert.setLong(4, clock.millis());
                insert.setString(5, createdBy.principal());
                return insert.executeUpdate();
            }
        });
        return token;
    }

    /** All tokens, revoked ones included, oldest first. */
    public List<TokenInfo> list() {
        return store.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, created_at, last_used_at, revoked_at, created_by FROM zt_token ORDER BY created_at, name");
                    ResultSet rows = select.executeQuery()) {
                List<TokenInfo> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(new TokenInfo(rows.getString("id"), rows.getString("name"),
                            Instant.ofEpochMilli(rows.getLong("created_at")), instant(rows, "last_used_at"),
                            instant(rows, "revoked_at"), rows.getString("created_by")));
                }
                return tokens;
            }
        });
    }

    /**
     * Revokes the token with this name or, failing that, this id. Revoking a revoked token
     * changes nothing and keeps its original revocation time.
     *
     * @throws ZhongtaiException if no token has this name or id
     */
    public void revoke(String nameOrId) {
        requireNonNull(nameOrId, "nameOrId is null");
        store.inTransaction(connection -> {
            // Name first: names are what users type; ids are the fallback for scripts.
            Optional<String> id = findId(connection, "name", nameOrId);
            if (id.isEmpty()) {
                id = findId(connection, "id", nameOrId);
            }
            if (id.isEmpty()) {
                throw ZhongtaiException.notFound("Cannot revoke token, no token has name or id: %s", nameOrId);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE zt_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setLong(1, clock.millis());
                update.setString(2, id.get());
                return update.executeUpdate();
            }
        });
    }

    /**
     * Returns the token's identity if {@code bearerToken} is a live (not revoked) token.
     * The lookup is by hash, so there is no secret comparison whose timing could leak.
     */
    public Optional<Identity> authenticate(String bearerToken) {
        if (bearerToken == null || !bearerToken.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(bearerToken);
        long now = clock.millis();
        return store.withConnection(connection -> {
            String id;
            String name;
            Optional<Instant> lastUsed;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, last_used_at FROM zt_token WHERE token_hash = ? AND revoked_at IS NULL")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    id = rows.getString("id");
                    name = rows.getString("name");
                    lastUsed = instant(rows, "last_used_at");
                }
            }
            long staleBefore = now - LAST_USED_RESOLUTION_MILLIS;
            if (lastUsed.map(instant -> instant.toEpochMilli() <= staleBefore).orElse(true)) {
                // The condition is repeated in SQL so that concurrent requests write it once.
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE zt_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)")) {
                    update.setLong(1, now);
                    update.setString(2, id);
                    update.setLong(3, staleBefore);
                    update.executeUpdate();
                }
            }
            return Optional.of(Identity.token(name));
        });
    }

    private static Optional<String> findId(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM zt_token WHERE " + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /**
     * SHA-256 hex. A fast unsalted hash is right here, unlike for passwords: the secret is 256
     * random bits, so there is nothing to guess or precompute, and the hash doubles as the lookup key.
     */
    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
