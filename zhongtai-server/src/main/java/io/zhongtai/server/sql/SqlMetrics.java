package io.zhongtai.server.sql;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zhongtai.core.ZhongtaiException;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code zhongtai_sql_statements_total{outcome=...}}: statements run through the REST API by
 * outcome ({@code success}, or the error kind such as {@code invalid_input}, {@code not_found},
 * {@code internal}); {@code zhongtai_sql_cursors_open}: results kept open for paging.
 */
public final class SqlMetrics {
    private final Counter success;
    private final Map<ZhongtaiException.Kind, Counter> failures = new EnumMap<>(ZhongtaiException.Kind.class);

    public SqlMetrics(MeterRegistry registry, CursorRegistry cursors) {
        this.success = counter(registry, "success");
        for (ZhongtaiException.Kind kind : ZhongtaiException.Kind.values()) {
            failures.put(kind, counter(registry, kind.name().toLowerCase(Locale.ROOT)));
        }
        Gauge.builder("zhongtai.sql.cursors.open", cursors, CursorRegistry::size)
                .description("SQL results kept open for paging")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("zhongtai.sql.statements")
                .description("SQL statements run through the REST API, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void succeeded() {
        success.increment();
    }

    void failed(RuntimeException e) {
        failures.get(e instanceof ZhongtaiException z ? z.kind() : ZhongtaiException.Kind.INTERNAL).increment();
    }
}
