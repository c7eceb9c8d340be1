package io.zhongtai.core.metadata;

import java.sql.SQLException;

/** A metadata database operation failed; wraps the driver's {@link SQLException}. */
public final class MetadataException extends RuntimeException {
    public MetadataException(String message, SQLException cause) {
        super(message, cause);
    }
}
