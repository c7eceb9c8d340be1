package io.zhongtai.core.metadata;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One audit log row.
 *
 * @param actor the acting identity's {@link io.zhongtai.core.auth.Identity#principal() principal}
 */
public record AuditEntry(String id, Instant at, String actor, String action, Optional<String> target,
                         Optional<String> detail, String outcome) {
    public AuditEntry {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(outcome, "outcome is null");
    }
}
