package io.zhongtai.core.metadata;

import io.zhongtai.core.auth.Identity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Who did what to which object, and how it ended; kept in the {@code zt_audit} table. */
public final class AuditLog {
    private final MetadataStore store;
    private final Clock clock;

    public AuditLog(MetadataStore store) {
        this(store, Clock.systemUTC());
    }

    public AuditLog(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param action what was done, such as {@code token.create}
     * @param target the object acted on, or null
     * @param detail free text, or null
     * @param outcome how it ended, such as {@code ok}, {@code denied} or {@code failed}
     */
    public void record(Identity actor, String action, String target, String detail, String outcome) {
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(outcome, "outcome is null");
        store.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO zt_audit (id, at, actor, action, target, detail, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setLong(2, clock.millis());
                insert.setString(3, actor.principal());
                insert.setString(4, action);
                insert.setString(5, target);
                insert.setString(6, detail);
                insert.setString(7, outcome);
                return insert.executeUpdate();
            }
        });
    }

    /** The latest entries, newest first. Entries of the same millisecond come in no particular order. */
    public List<AuditEntry> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Cannot list audit entries, limit must be at least 1: " + limit);
        }
        return store.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, at, actor, action, target, detail, outcome FROM zt_audit ORDER BY at DESC, id LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<AuditEntry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new AuditEntry(rows.getString("id"), Instant.ofEpochMilli(rows.getLong("at")),
                                rows.getString("actor"), rows.getString("action"), Optional.ofNullable(rows.getString("target")),
                                Optional.ofNullable(rows.getString("detail")), rows.getString("outcome")));
                    }
                    return entries;
                }
            }
        });
    }
}
