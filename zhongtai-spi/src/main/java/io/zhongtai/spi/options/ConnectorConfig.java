package io.zhongtai.spi.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option values checked against a connector's {@link OptionSpec}s. Built only by {@link #validate}, which
 * reports every unknown, missing or malformed option in one {@link InvalidOptionsException}.
 */
public final class ConnectorConfig {
    public static final String MASK = "******";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String connector;
    private final Map<String, OptionSpec> specs;
    private final Map<String, String> values;

    private ConnectorConfig(String connector, Map<String, OptionSpec> specs, Map<String, String> values) {
        this.connector = connector;
        this.specs = specs;
        this.values = values;
    }

    /** Checks {@code raw} against {@code specs}; defaults fill in options that were not given. */
    public static ConnectorConfig validate(String connector, List<OptionSpec> specs, Map<String, String> raw) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("Connector '" + connector + "' declares option twice: " + spec.name());
            }
        }
        List<OptionProblem> problems = new ArrayList<>();
        for (String key : new TreeMap<>(raw).keySet()) {
            if (!byName.containsKey(key)) {
                problems.add(new OptionProblem(key, "unknown option"
                        + Suggestions.closest(key, byName.keySet()).map(best -> " (did you mean '" + best + "'?)").orElse("")
                        + "; known options: " + String.join(", ", byName.keySet())));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec spec : byName.values()) {
            String value = raw.get(spec.name());
            if (value == null || value.isEmpty()) {
                if (spec.required()) {
                    problems.add(new OptionProblem(spec.name(), "required option is missing (" + spec.doc() + ")"));
                }
                if (spec.defaultValue() != null) {
                    values.put(spec.name(), spec.defaultValue());
                }
                continue;
            }
            String problem = check(spec, value);
            if (problem != null) {
                problems.add(new OptionProblem(spec.name(), problem));
            } else {
                values.put(spec.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException(connector, problems);
        }
        return new ConnectorConfig(connector, byName, Collections.unmodifiableMap(values));
    }

    private static String check(OptionSpec spec, String value) {
        String shown = spec.secret() ? MASK : "'" + value + "'";
        try {
            switch (spec.type()) {
                case INTEGER -> Integer.parseInt(value.trim());
                case LONG -> Long.parseLong(value.trim());
                case BOOLEAN -> {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        return "expected true or false but got " + shown;
                    }
                }
                case DURATION -> parseDuration(value);
                case ENUM -> {
                    if (spec.allowedValues().stream().noneMatch(v -> v.equalsIgnoreCase(value.trim()))) {
                        return "expected one of " + String.join(", ", spec.allowedValues()) + " but got " + shown;
                    }
                }
                case STRING, LIST -> {
                }
            }
        } catch (NumberFormatException e) {
            return "expected " + (spec.type() == OptionType.INTEGER ? "an integer" : "a whole number") + " but got " + shown;
        } catch (IllegalArgumentException e) {
            return "expected a duration such as 500ms, 30s, 5m or PT1M but got " + shown;
        }
        return null;
    }

    /**
     * A duration as options and YAML files write it: a whole number with {@code ms}, {@code s}, {@code m}, {@code h}
     * or {@code d} ({@code 500ms}, {@code 30s}), or ISO-8601 ({@code PT1H30M}); IllegalArgumentException otherwise.
     */
    public static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public String connector() {
        return connector;
    }

    public boolean has(String name) {
        spec(name);
        return values.containsKey(name);
    }

    public Optional<String> optional(String name) {
        spec(name);
        return Optional.ofNullable(values.get(name));
    }

    public String getString(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("Option has no value: " + name));
    }

    public int getInt(String name) {
        return Integer.parseInt(getString(name).trim());
    }

    public long getLong(String name) {
        return Long.parseLong(getString(name).trim());
    }

    public boolean getBoolean(String name) {
        return Boolean.parseBoolean(getString(name).trim());
    }

    public Duration getDuration(String name) {
        return parseDuration(getString(name));
    }

    /** The enum value, lower-cased. */
    public String getChoice(String name) {
        return getString(name).trim().toLowerCase(Locale.ROOT);
    }

    public List<String> getList(String name) {
        return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Every value with secrets replaced by {@link #MASK}: the only form fit for output and logs. */
    public Map<String, String> masked() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, specs.get(k).secret() ? MASK : v));
        return out;
    }

    private OptionSpec spec(String name) {
        OptionSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("Connector '" + connector + "' has no option " + name);
        }
        return spec;
    }

    @Override
    public String toString() {
        return connector + masked();
    }
}
