package io.zhongtai.pipeline.spec;

import io.zhongtai.core.ZhongtaiException;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The parameters of one run and their substitution into SQL and names. {@code ${name}} is replaced by the value;
 * date parameters take arithmetic and a format: {@code ${bizdate - 1d}}, {@code ${bizdate + 2w:yyyyMMdd}},
 * {@code ${bizdate - 1m:yyyy-MM}} (units d, w, m, y; formats are java.time patterns; without one, ISO
 * {@code yyyy-MM-dd}). The platform sets {@code bizdate} (the business date the run processes), {@code run_id} and
 * {@code pipeline}; a pipeline's own {@code params} may use them and each other.
 */
public final class Params {
    public static final Set<String> BUILT_IN = Set.of("bizdate", "run_id", "pipeline");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\s*([a-z][a-z0-9_]*)\\s*(?:([+-])\\s*(\\d+)\\s*([dwmy]))?\\s*(?::([^}]+))?}");

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /** Resolves the pipeline's own parameters (which may refer to the built-in ones and to each other). */
    public static Params resolve(String pipeline, LocalDate bizdate, String runId, Map<String, String> declared) {
        requireNonNull(bizdate, "bizdate is null");
        Map<String, String> values = new HashMap<>();
        values.put("bizdate", bizdate.toString());
        values.put("run_id", runId);
        values.put("pipeline", pipeline);
        Params params = new Params(values);
        for (String name : declared.keySet()) {
            params.resolveOne(name, declared, new LinkedHashSet<>());
        }
        return params;
    }

    private String resolveOne(String name, Map<String, String> declared, Set<String> resolving) {
        String known = values.get(name);
        if (known != null) {
            return known;
        }
        if (!resolving.add(name)) {
            throw ZhongtaiException.invalid("Parameters refer to each other in a cycle: %s -> %s", String.join(" -> ", resolving), name);
        }
        String raw = declared.get(name);
        if (raw == null) {
            throw ZhongtaiException.invalid("Unknown parameter ${%s}: declare it under params or use one of %s", name,
                    String.join(", ", BUILT_IN.stream().sorted().toList()));
        }
        for (String dependency : references(raw)) {
            resolveOne(dependency, declared, resolving);
        }
        String value = substitute(raw);
        values.put(name, value);
        resolving.remove(name);
        return value;
    }

    /** The parameter names {@code text} refers to, in order. */
    public static List<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    /** {@code text} with every reference replaced; an unknown parameter or a bad date expression is INVALID_INPUT. */
    public String substitute(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String get(String name) {
        return values.get(name);
    }

    private String evaluate(Matcher m) {
        String name = m.group(1);
        String value = values.get(name);
        if (value == null) {
            throw ZhongtaiException.invalid("Unknown parameter ${%s}: declare it under params or use one of %s", name,
                    String.join(", ", BUILT_IN.stream().sorted().toList()));
        }
        if (m.group(2) == null && m.group(5) == null) {
            return value;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ZhongtaiException.invalid("%s: date arithmetic and formats need a date (yyyy-MM-dd), but ${%s} is '%s'",
                    m.group(), name, value);
        }
        if (m.group(2) != null) {
            long n = Long.parseLong(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
            date = switch (m.group(4)) {
                case "d" -> date.plusDays(n);
                case "w" -> date.plusWeeks(n);
                case "m" -> date.plusMonths(n);
                default -> date.plusYears(n);
            };
        }
        if (m.group(5) == null) {
            return date.toString();
        }
        try {
            return DateTimeFormatter.ofPattern(m.group(5).trim()).format(date);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ZhongtaiException.invalid("%s: '%s' is not a date format (%s)", m.group(), m.group(5).trim(), e.getMessage());
        }
    }
}
