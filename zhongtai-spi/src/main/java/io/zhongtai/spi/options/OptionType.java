package io.zhongtai.spi.options;

/** The type of a connector option's value; values always arrive as strings and are parsed by type. */
public enum OptionType {
    STRING,
    INTEGER,
    LONG,
    BOOLEAN,
    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or an ISO-8601 duration such as {@code PT30S}. */
    DURATION,
    /** One of {@link OptionSpec#allowedValues()}, compared case-insensitively. */
    ENUM,
    /** Comma-separated values. */
    LIST
}
