package io.zhongtai.core.metadata;

import java.sql.SQLException;

/** A function that may throw {@link SQLException}, so JDBC code can be passed as a lambda. */
@FunctionalInterface
public interface SqlFunction<T, R> {
    R apply(T input) throws SQLException;
}
