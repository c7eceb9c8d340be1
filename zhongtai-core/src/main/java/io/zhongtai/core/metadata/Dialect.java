package io.zhongtai.core.metadata;

/** The databases the metadata store runs on. */
public enum Dialect {
    SQLITE("jdbc:sqlite:"),
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    Dialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    public static Dialect fromJdbcUrl(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("Cannot open metadata store, URL is neither jdbc:sqlite: nor jdbc:postgresql: " + jdbcUrl);
    }
}
