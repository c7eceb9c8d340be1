package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.options.InvalidOptionsException;

/** Turns connector failures into the platform's errors (and so into exit codes and HTTP statuses). */
final class ConnectorErrors {
    private ConnectorErrors() {
    }

    static ZhongtaiException translate(String source, RuntimeException e) {
        if (e instanceof ZhongtaiException z) {
            return z;
        }
        if (e instanceof InvalidOptionsException invalid) {
            return new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT,
                    "Invalid options for source '" + source + "' (" + invalid.connector() + "): "
                            + String.join("; ", invalid.problems().stream().map(Object::toString).toList()));
        }
        if (e instanceof ConnectorException c) {
            ZhongtaiException.Kind kind = switch (c.kind()) {
                case NOT_FOUND -> ZhongtaiException.Kind.NOT_FOUND;
                case INVALID_DATA, UNSUPPORTED -> ZhongtaiException.Kind.INVALID_INPUT;
                case INCOMPATIBLE_SCHEMA -> ZhongtaiException.Kind.CONFLICT;
                case UNREACHABLE, AUTHENTICATION, FAILED -> ZhongtaiException.Kind.SOURCE_ERROR;
            };
            String what = switch (c.kind()) {
                case UNREACHABLE -> "is unreachable";
                case AUTHENTICATION -> "refused the credentials";
                default -> "failed";
            };
            return new ZhongtaiException(kind, "Source '" + source + "' " + what + ": " + c.getMessage(), null, c);
        }
        return new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Source '" + source + "' failed: " + e, null, e);
    }
}
