package io.zhongtai.spi.data;

import java.util.Objects;

/** A column of a source table: platform type, the source's own type name (for docs and browse), nullability. */
public record Column(String name, DataType type, String sourceType, boolean nullable) {
    public Column {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        sourceType = sourceType == null ? type.sqlName() : sourceType;
    }

    public static Column of(String name, DataType type) {
        return new Column(name, type, null, true);
    }
}
