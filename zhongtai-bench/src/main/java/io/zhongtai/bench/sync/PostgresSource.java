package io.zhongtai.bench.sync;

import java.util.Map;

/** The options of a Zhongtai {@code postgres} source for an embedded PostgreSQL on localhost (trusted superuser). */
final class PostgresSource {
    private PostgresSource() {
    }

    static Map<String, String> options(int port, String database, String user) {
        return Map.of("host", "localhost", "port", String.valueOf(port), "database", database, "user", user);
    }

    /** None: the embedded server trusts its superuser on localhost. */
    static Map<String, String> secrets() {
        return Map.of();
    }
}
