package io.zhongtai.core.console;

import io.zhongtai.core.ZhongtaiException;

import java.util.List;
import java.util.Locale;

/**
 * How the console draws a saved query's result: a chart {@code type}, the result column on the x axis, the columns
 * plotted against it and optionally a column whose values split the rows into series. A {@code table} needs no columns.
 */
public record Chart(String type, String x, List<String> y, String series) {
    public static final List<String> TYPES = List.of("bar", "line", "area", "pie", "scatter", "table");

    /** This chart checked, with the type in lower case; errors name the field, e.g. {@code chart.y[1]}. */
    Chart validated() {
        if (type == null || type.isBlank()) {
            throw ZhongtaiException.invalid("Missing required field 'chart.type': one of %s", String.join(", ", TYPES));
        }
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(t)) {
            throw ZhongtaiException.invalid("Invalid value for 'chart.type': '%s', expected one of %s", type, String.join(", ", TYPES));
        }
        boolean plotted = !t.equals("table");
        if (plotted && (x == null || x.isBlank())) {
            throw ZhongtaiException.invalid("Missing required field 'chart.x': a %s chart needs the result column of its x axis", t);
        }
        if (plotted && (y == null || y.isEmpty())) {
            throw ZhongtaiException.invalid("Missing required field 'chart.y': a %s chart needs at least one result column to plot", t);
        }
        List<String> columns = y == null ? List.of() : y;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) == null || columns.get(i).isBlank()) {
                throw ZhongtaiException.invalid("Invalid value for 'chart.y[%d]': a column name must not be blank", i);
            }
        }
        if (series != null && series.isBlank()) {
            throw ZhongtaiException.invalid("Invalid value for 'chart.series': a column name must not be blank (leave it out for one series)");
        }
        return new Chart(t, x == null || x.isBlank() ? null : x, List.copyOf(columns), series);
    }
}
