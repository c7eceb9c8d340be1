package io.zhongtai.core;

import static java.util.Objects.requireNonNull;

/**
 * An error the platform reports to its user. The {@link Kind} decides the CLI exit code and the
 * HTTP status; the message says what could not be done and why.
 */
public class ZhongtaiException extends RuntimeException {
    public enum Kind {
        INVALID_INPUT(400, 2),
        UNAUTHENTICATED(401, 3),
        FORBIDDEN(403, 3),
        NOT_FOUND(404, 4),
        CONFLICT(409, 5),
        /** A source (database, broker, endpoint) failed: unreachable, refused our credentials, or errored. */
        SOURCE_ERROR(502, 6),
        /** Stored data failed an integrity check: an object is missing, or its hash or authentication tag is wrong. */
        CORRUPTED(500, 8),
        INTERNAL(500, 1);

        public final int httpStatus;
        public final int exitCode;

        Kind(int httpStatus, int exitCode) {
            this.httpStatus = httpStatus;
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;
    private final SqlPosition position;

    public ZhongtaiException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public ZhongtaiException(Kind kind, String message, SqlPosition position, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
        this.position = position;
    }

    public static ZhongtaiException invalid(String format, Object... args) {
        return new ZhongtaiException(Kind.INVALID_INPUT, String.format(format, args));
    }

    public static ZhongtaiException notFound(String format, Object... args) {
        return new ZhongtaiException(Kind.NOT_FOUND, String.format(format, args));
    }

    public static ZhongtaiException conflict(String format, Object... args) {
        return new ZhongtaiException(Kind.CONFLICT, String.format(format, args));
    }

    public Kind kind() {
        return kind;
    }

    /** Where in the user's SQL text the problem is, or null when it is not about a position. */
    public SqlPosition position() {
        return position;
    }

    /** A position in a SQL text: 1-based line and column, 0-based character offset. */
    public record SqlPosition(int line, int column, int offset) {
        public static SqlPosition of(String text, int offset) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(offset, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new SqlPosition(line, column, offset);
        }

        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }
}
