package io.zhongtai.core.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.Suggestions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A YAML file read for validation: the tree, where each key and value starts, and the problems found while reading
 * it, each as {@code source:line:column: path: message}. {@link Section} reads a mapping key by key; a bad value is
 * recorded and read as absent, so a walk over the whole file reports every problem at once instead of making the
 * user fix them one run at a time.
 */
public final class YamlDocument {
    // Duplicate keys are almost always a copy-paste mistake; YAML would silently keep the last one.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // Decimal units (MB) and binary units (MiB) mean what DuckDB, which receives these sizes, says they mean.
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(i?)b|b)?", Pattern.CASE_INSENSITIVE);

    private final String source;
    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, JsonLocation> keyLocations = new HashMap<>();
    private final Map<String, JsonLocation> valueLocations = new HashMap<>();
    /** Where mappings and lists start: the place of a list item, which has no key. */
    private final Map<String, JsonLocation> structureLocations = new HashMap<>();

    private YamlDocument(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Reads {@code text}; {@code source} names it in messages (a file name). A syntax error is INVALID_INPUT with
     * the message {@code source:line:column: syntax error: ...}.
     */
    public static YamlDocument parse(String source, String text) {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw ZhongtaiException.invalid("%s", syntaxProblem(source, e));
        }
        YamlDocument document = new YamlDocument(source, root == null ? MissingNode.getInstance() : root);
        document.locate(text);
        return document;
    }

    private static String syntaxProblem(String source, JsonProcessingException e) {
        // SnakeYAML knows the exact spot and a short description; Jackson's own message repeats the whole context.
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " that starts at line " + (yaml.getContextMark().getLine() + 1) + ")";
            return "%s:%d:%d: syntax error: %s%s".formatted(source, yaml.getProblemMark().getLine() + 1,
                    yaml.getProblemMark().getColumn() + 1, yaml.getProblem(), context);
        }
        JsonLocation location = e.getLocation();
        return location == null
                ? source + ": syntax error: " + e.getOriginalMessage()
                : "%s:%d:%d: syntax error: %s".formatted(source, location.getLineNr(), location.getColumnNr(), e.getOriginalMessage());
    }

    /**
     * Notes where each key, and each value, starts, by path ({@code a.b[2].c}). The tree has no locations, so this
     * is a second pass over the tokens of the same text.
     */
    private void locate(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.FIELD_NAME) {
                    keyLocations.putIfAbsent(path(context), parser.currentTokenLocation());
                } else if (token.isScalarValue()) {
                    valueLocations.putIfAbsent(path(context), parser.currentTokenLocation());
                } else if (token.isStructStart()) {
                    // A structure's own context is the one it opens: its path is its parent's.
                    structureLocations.putIfAbsent(path(context.getParent()), parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // Cannot happen: the same text was just parsed into a tree
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JsonStreamContext context) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            chain.addFirst(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        return path.toString();
    }

    public String source() {
        return source;
    }

    public JsonNode root() {
        return root;
    }

    /** The top-level mapping, which may hold only {@code keys}. */
    public Section root(String... keys) {
        return new Section("", root, keys);
    }

    /** Problems recorded so far, in the order found. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Records a problem, located at the value of {@code path} if it is a scalar, else at its key (or list item). */
    public void problem(String path, String message) {
        problemAt(location(path), path, message);
    }

    /** {@code source:line:column} of what {@link #problem} would point at, or just the source. */
    public String where(String path) {
        return where(location(path));
    }

    /** Where the value or key at {@code path} is; for a missing key, where the mapping that lacks it is. */
    private JsonLocation location(String path) {
        for (String p = path; ; p = parent(p)) {
            JsonLocation location = valueLocations.getOrDefault(p, keyLocations.getOrDefault(p, structureLocations.get(p)));
            if (location != null || p.isEmpty()) {
                return location;
            }
        }
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private String where(JsonLocation location) {
        return location == null ? source : source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private void problemAt(JsonLocation location, String path, String message) {
        problems.add(where(location) + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** A mapping at a path: typed reads of its keys, each recording its own problems. */
    public final class Section {
        private final String path;
        private final JsonNode node;

        private Section(String path, JsonNode node, String... keys) {
            this.path = path;
            if (node.isMissingNode() || node.isNull()) {
                this.node = MissingNode.getInstance();
            } else if (!node.isObject()) {
                YamlDocument.this.problem(path, "must be a mapping, got " + describe(node));
                this.node = MissingNode.getInstance();
            } else {
                this.node = node;
                List<String> allowed = List.of(keys);
                node.fieldNames().forEachRemaining(key -> {
                    if (!allowed.contains(key)) {
                        problemAt(keyLocations.get(pathOf(key)), pathOf(key), unknownKey(key, allowed));
                    }
                });
            }
        }

        /** This mapping's path ({@code a.b[2]}), empty for the root. */
        public String path() {
            return path;
        }

        public Section section(String key, String... keys) {
            return new Section(pathOf(key), node.path(key), keys);
        }

        /** Each mapping of a list, which may hold only {@code keys}. */
        public List<Section> sections(String key, String... keys) {
            return sections(key, item -> keys);
        }

        /** Each mapping of a list; the keys an item may hold depend on the item (e.g. on its {@code kind}). */
        public List<Section> sections(String key, Function<JsonNode, String[]> keysOf) {
            List<Section> out = new ArrayList<>();
            list(key).ifPresent(items -> {
                for (int i = 0; i < items.size(); i++) {
                    out.add(new Section(pathOf(key) + "[" + i + "]", items.get(i), keysOf.apply(items.get(i))));
                }
            });
            return out;
        }

        /** Present with a non-null value; YAML's {@code key:} with nothing after it counts as absent. */
        public boolean has(String key) {
            return value(key).isPresent();
        }

        /** The raw value, for readers of their own; its path is {@link #pathOf(String)}. */
        public Optional<JsonNode> raw(String key) {
            return value(key);
        }

        /** Any scalar, as text. */
        public Optional<String> string(String key) {
            return read(key, value -> {
                if (!value.isValueNode()) {
                    return invalid(key, "must be a string, got " + describe(value));
                }
                return value.asText().isBlank() ? invalid(key, "must not be empty") : Optional.of(value.asText());
            });
        }

        /** A list of scalars; a single scalar counts as a list of one. */
        public List<String> strings(String key) {
            return read(key, value -> {
                List<String> out = new ArrayList<>();
                for (JsonNode item : value.isArray() ? value : List.of(value)) {
                    if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                        return invalid(key, "must be a list of names, got " + describe(item) + " in it");
                    }
                    out.add(item.asText());
                }
                return Optional.of(out);
            }).orElse(List.of());
        }

        public Optional<Integer> integer(String key, int min, int max) {
            return read(key, value -> {
                if (!value.isIntegralNumber()) {
                    return invalid(key, "must be an integer, got " + describe(value));
                }
                if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
                    return invalid(key, "must be between %d and %d, got %s".formatted(min, max, value.asText()));
                }
                return Optional.of(value.intValue());
            });
        }

        public Optional<Boolean> bool(String key) {
            return read(key, value -> value.isBoolean()
                    ? Optional.of(value.booleanValue())
                    : invalid(key, "must be true or false, got " + describe(value)));
        }

        /** A positive byte count: plain bytes, or a number with B, KB, MB, GB, TB, KiB, MiB, GiB or TiB. */
        public Optional<Long> size(String key) {
            return read(key, value -> {
                OptionalLong bytes = value.isIntegralNumber() && value.canConvertToLong()
                        ? OptionalLong.of(value.longValue())
                        : value.isTextual() ? parseSize(value.asText()) : OptionalLong.empty();
                if (bytes.isEmpty()) {
                    return invalid(key, "must be a size such as 128MB, 1GiB or a number of bytes, got " + describe(value));
                }
                return bytes.getAsLong() > 0 ? Optional.of(bytes.getAsLong()) : invalid(key, "must be greater than 0");
            });
        }

        /** A positive duration: a number with ms, s, m, h or d ({@code 90s}, {@code 2h}), or ISO-8601 ({@code PT1H30M}). */
        public Optional<Duration> duration(String key) {
            return read(key, value -> {
                Optional<Duration> d = value.isTextual() ? parseDuration(value.asText()) : Optional.empty();
                if (d.isEmpty()) {
                    return invalid(key, "must be a duration such as 30s, 10m, 2h or 1d, got " + describe(value));
                }
                return d.get().isNegative() || d.get().isZero() ? invalid(key, "must be greater than 0") : d;
            });
        }

        public Optional<String> choice(String key, List<String> choices) {
            return read(key, value -> value.isTextual() && choices.contains(value.asText())
                    ? Optional.of(value.asText())
                    : invalid(key, "must be one of " + String.join(", ", choices) + ", got " + describe(value)));
        }

        public void problem(String key, String message) {
            YamlDocument.this.problem(pathOf(key), message);
        }

        /** Records a problem with the value of {@code key} and reads it as absent. */
        public <T> Optional<T> invalid(String key, String message) {
            problem(key, message);
            return Optional.empty();
        }

        /** The path of one of this mapping's keys. */
        public String pathOf(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private <T> Optional<T> read(String key, Function<JsonNode, Optional<T>> reader) {
            return value(key).flatMap(reader);
        }

        private Optional<List<JsonNode>> list(String key) {
            return read(key, value -> {
                if (!value.isArray()) {
                    return invalid(key, "must be a list, got " + describe(value));
                }
                List<JsonNode> items = new ArrayList<>();
                value.forEach(items::add);
                return Optional.of(items);
            });
        }

        private Optional<JsonNode> value(String key) {
            JsonNode value = node.path(key);
            return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value);
        }
    }

    private static OptionalLong parseSize(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        long multiplier = 1;
        if (matcher.group(2) != null) {
            int exponent = "kmgt".indexOf(matcher.group(2).toLowerCase(Locale.ROOT)) + 1;
            long base = matcher.group(3).isEmpty() ? 1000 : 1024;
            for (int i = 0; i < exponent; i++) {
                multiplier *= base;
            }
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier));
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty(); // more digits than a long holds
        }
    }

    private static Optional<Duration> parseDuration(String text) {
        try {
            return Optional.of(ConnectorConfig.parseDuration(text));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a duration, or more than a Duration holds
        }
    }

    private static String unknownKey(String key, List<String> allowed) {
        return Suggestions.closest(key, allowed)
                .map(candidate -> "unknown key, did you mean '" + candidate + "'?")
                .orElse("unknown key, expected one of " + String.join(", ", allowed));
    }

    /** A value as a message shows it: 'text', a number, a mapping, a list. */
    public static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.asText();
    }
}
