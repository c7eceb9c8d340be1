package io.zhongtai.spi.options;

import java.util.List;
import java.util.Objects;

/**
 * One option a connector declares: its type, default, whether it is required or secret, and its doc.
 * Options are declared once and drive validation, the CLI/REST help and the console's forms.
 * Secret options are never printed or logged: every output shows them masked.
 */
public record OptionSpec(String name, OptionType type, String defaultValue, boolean required, boolean secret,
                         String doc, List<String> allowedValues) {
    public OptionSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        doc = doc == null ? "" : doc;
        allowedValues = List.copyOf(allowedValues == null ? List.of() : allowedValues);
        if (!name.matches("[a-z][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("Invalid option name, must be lower-case: " + name);
        }
        if (type == OptionType.ENUM && allowedValues.isEmpty()) {
            throw new IllegalArgumentException("Enum option needs allowed values: " + name);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("A required option cannot have a default: " + name);
        }
    }

    public static OptionSpec string(String name, String doc) {
        return new OptionSpec(name, OptionType.STRING, null, false, false, doc, List.of());
    }

    public static OptionSpec integer(String name, int defaultValue, String doc) {
        return new OptionSpec(name, OptionType.INTEGER, String.valueOf(defaultValue), false, false, doc, List.of());
    }

    public static OptionSpec longValue(String name, long defaultValue, String doc) {
        return new OptionSpec(name, OptionType.LONG, String.valueOf(defaultValue), false, false, doc, List.of());
    }

    public static OptionSpec bool(String name, boolean defaultValue, String doc) {
        return new OptionSpec(name, OptionType.BOOLEAN, String.valueOf(defaultValue), false, false, doc, List.of());
    }

    public static OptionSpec duration(String name, String defaultValue, String doc) {
        return new OptionSpec(name, OptionType.DURATION, defaultValue, false, false, doc, List.of());
    }

    public static OptionSpec oneOf(String name, String defaultValue, String doc, String... allowed) {
        return new OptionSpec(name, OptionType.ENUM, defaultValue, false, false, doc, List.of(allowed));
    }

    public static OptionSpec list(String name, String doc) {
        return new OptionSpec(name, OptionType.LIST, null, false, false, doc, List.of());
    }

    public OptionSpec asRequired() {
        return new OptionSpec(name, type, null, true, secret, doc, allowedValues);
    }

    public OptionSpec asSecret() {
        return new OptionSpec(name, type, defaultValue, required, true, doc, allowedValues);
    }

    public OptionSpec withDefault(String value) {
        return new OptionSpec(name, type, value, false, secret, doc, allowedValues);
    }
}
