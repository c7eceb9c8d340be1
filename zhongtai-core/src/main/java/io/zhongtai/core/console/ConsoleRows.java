package io.zhongtai.core.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.metadata.MetadataStore;

import java.sql.Connection;
import java.sql.SQLException;

/** What saved queries and dashboards share: names unique per owner, owner-only changes and JSON columns. */
final class ConsoleRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME_CHARS = 200;

    private ConsoleRows() {
    }

    /** The trimmed name, or a 400 naming the field. */
    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ZhongtaiException.invalid("Missing required field 'name'");
        }
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME_CHARS) {
            throw ZhongtaiException.invalid("Invalid value for 'name': %d characters, at most %d allowed", trimmed.length(), MAX_NAME_CHARS);
        }
        return trimmed;
    }

    static void checkOwner(String owner, Identity caller, String action, String what, String name) {
        if (!owner.equals(caller.principal())) {
            throw new ZhongtaiException(ZhongtaiException.Kind.FORBIDDEN,
                    String.format("Cannot %s %s '%s': only its owner %s may", action, what, name, owner));
        }
    }

    /** Fails with 409 when {@code owner} already has another row named {@code name} in {@code table}. */
    static void checkNameFree(Connection c, String table, String owner, String name, String exceptId, String what) throws SQLException {
        boolean taken = !MetadataStore.query(c, "SELECT id FROM " + table + " WHERE owner = ? AND name = ? AND id <> ?",
                row -> row.getString(1), owner, name, exceptId == null ? "" : exceptId).isEmpty();
        if (taken) {
            throw ZhongtaiException.conflict("Cannot save %s '%s': %s already has one of that name", what, name, owner);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }

    static <T> T fromJson(String json, TypeReference<T> type, String column) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Stored " + column + " is not valid JSON: " + e.getOriginalMessage(),
                    null, e);
        }
    }
}
