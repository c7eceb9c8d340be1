package io.zhongtai.backup.repo;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** One plain JSON file under locks/: who holds the lock, for what, and when it was last refreshed. */
record LockFile(
        LockMode mode,
        String purpose,
        String host,
        long pid,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("refreshed_at") String refreshedAt) {

    static LockFile parse(byte[] json) throws IntegrityException {
        LockFile file = Json.read(json, LockFile.class);
        if (file.mode == null || file.purpose == null || file.host == null) {
            throw new IntegrityException("it lacks its mode, purpose or host");
        }
        try {
            Instant.parse(file.createdAt);
            Instant.parse(file.refreshedAt);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IntegrityException("its created_at or refreshed_at is not an ISO-8601 instant", e);
        }
        return file;
    }

    LockFile refreshed(Instant now) {
        return new LockFile(mode, purpose, host, pid, createdAt, now.toString());
    }

    Instant lastRefreshed() {
        return Instant.parse(refreshedAt);
    }
}
