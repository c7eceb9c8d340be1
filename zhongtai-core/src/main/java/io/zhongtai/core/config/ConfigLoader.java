package io.zhongtai.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.zhongtai.core.config.ZhongtaiConfig.Engine;
import io.zhongtai.core.config.ZhongtaiConfig.LocalWarehouse;
import io.zhongtai.core.config.ZhongtaiConfig.Metadata;
import io.zhongtai.core.config.ZhongtaiConfig.S3Warehouse;
import io.zhongtai.core.config.ZhongtaiConfig.Server;
import io.zhongtai.core.config.ZhongtaiConfig.Warehouse;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

import static java.util.Comparator.comparingInt;
import static java.util.Objects.requireNonNull;

/**
 * Loads {@code zhongtai.yaml} from a {@link PlatformHome}. A missing file means all defaults.
 *
 * <p>The file is read as a Jackson YAML tree and walked section by section. A bad value is
 * recorded and replaced by its default so the walk goes on: the resulting {@link ConfigException}
 * lists every problem at once instead of making the user fix them one run at a time.
 */
public final class ConfigLoader {
    // Duplicate keys are almost always a copy-paste mistake; YAML would silently keep the last one.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    // Decimal units (MB) and binary units (MiB) mean what DuckDB, which receives these sizes, says they mean.
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(i?)b|b)?", Pattern.CASE_INSENSITIVE);

    private ConfigLoader() {}

    /**
     * @param env the process environment; consulted only to check that variables named by
     *     {@code *-env} keys are set, their values are not kept
     * @throws ConfigException listing every problem in the file
     */
    public static ZhongtaiConfig load(PlatformHome home, Map<String, String> env) {
        requireNonNull(home, "home is null");
        requireNonNull(env, "env is null");
        Path file = home.configFile();
        String text;
        try {
            text = Files.readString(file);
        }
        catch (NoSuchFileException e) {
            text = "";
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration " + file + ": " + e, e);
        }
        return new Walk(file, home, env).run(text);
    }

    /** One pass over one file: holds the problems found so far and where each key sits in the text. */
    private static final class Walk {
        private final Path file;
        private final String source;
        private final PlatformHome home;
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, JsonLocation> keyLocations = new HashMap<>();
        private final Map<String, JsonLocation> valueLocations = new HashMap<>();

        Walk(Path file, PlatformHome home, Map<String, String> env) {
            this.file = file;
            this.source = file.getFileName().toString();
            this.home = home;
            this.env = env;
        }

        ZhongtaiConfig run(String text) {
            JsonNode root;
            try {
                root = YAML.readTree(text);
            }
            catch (JsonProcessingException e) {
                throw new ConfigException(file, List.of(syntaxProblem(e)));
            }
            locate(text);
            Section top = new Section("", root, "metadata", "warehouse", "server", "engine");
            ZhongtaiConfig config = new ZhongtaiConfig(
                    metadata(top.section("metadata", "url", "user", "password-env", "pool-size")),
                    warehouse(top.section("warehouse", "type", "path", "s3")),
                    server(top.section("server", "bind", "port")),
                    engine(top.section("engine", "memory-limit", "threads", "target-file-size")));
            if (!problems.isEmpty()) {
                throw new ConfigException(file, problems);
            }
            return config;
        }

        private Metadata metadata(Section section) {
            String url = section.string("url")
                    .flatMap(value -> value.startsWith("jdbc:sqlite:") || value.startsWith("jdbc:postgresql:")
                            ? Optional.of(value)
                            : section.invalid("url", "must be a jdbc:sqlite: or jdbc:postgresql: URL, got '" + value + "'"))
                    .orElse("jdbc:sqlite:" + home.metadataDbFile());
            Optional<String> passwordEnv = section.string("password-env");
            passwordEnv.ifPresent(name -> section.requireEnv("password-env", name));
            return new Metadata(url, section.string("user"), passwordEnv, section.integer("pool-size", 1, 100).orElse(4));
        }

        private Warehouse warehouse(Section section) {
            // Read every key first so that each one's own problems are reported whatever the type.
            Optional<String> type = section.choice("type", List.of("local", "s3"));
            Optional<Path> path = section.string("path").map(value -> home.dir().resolve(value));
            Section s3 = section.section("s3",
                    "endpoint", "bucket", "prefix", "region", "path-style", "access-key-env", "secret-key-env");
            Optional<String> bucket = s3.string("bucket");
            Optional<String> prefix = s3.string("prefix").map(value -> value.replaceAll("^/+|/+$", "")).filter(value -> !value.isEmpty());
            Optional<URI> endpoint = s3.string("endpoint").flatMap(value -> httpUrl(value)
                    .or(() -> s3.invalid("endpoint", "must be an http or https URL, got '" + value + "'")));
            String region = s3.string("region").orElse("us-east-1");
            boolean pathStyle = s3.bool("path-style").orElse(true);
            String accessKeyEnv = s3.string("access-key-env").orElse("AWS_ACCESS_KEY_ID");
            String secretKeyEnv = s3.string("secret-key-env").orElse("AWS_SECRET_ACCESS_KEY");

            if (section.has("type") && type.isEmpty()) {
                // The type is already reported; checks that depend on it would only add noise.
                return new LocalWarehouse(home.warehouseDir());
            }
            if (type.orElse("local").equals("local")) {
                if (section.has("s3")) {
                    // Most likely a forgotten "type: s3": writing locally instead would be a silent surprise.
                    section.problem("s3", "only used when warehouse.type is s3");
                }
                return new LocalWarehouse(path.orElse(home.warehouseDir()));
            }
            if (section.has("path")) {
                section.problem("path", "only used when warehouse.type is local");
            }
            if (!s3.has("bucket")) {
                s3.problem("bucket", "required when warehouse.type is s3");
            }
            s3.requireEnv("access-key-env", accessKeyEnv);
            s3.requireEnv("secret-key-env", secretKeyEnv);
            return new S3Warehouse(bucket.orElse(""), prefix, endpoint, region, pathStyle, accessKeyEnv, secretKeyEnv);
        }

        private Server server(Section section) {
            return new Server(section.string("bind").orElse("127.0.0.1"), section.integer("port", 1, 65535).orElse(7070));
        }

        private Engine engine(Section section) {
            Optional<Long> memoryLimit = section.size("memory-limit");
            return new Engine(
                    memoryLimit.map(OptionalLong::of).orElse(OptionalLong.empty()),
                    section.integer("threads", 0, 4096).orElse(0),
                    section.size("target-file-size").orElse(128L << 20)); // 128MiB
        }

        /** Records a problem, located at the value if it is a scalar, else at its key. */
        private void problem(String path, String message) {
            problemAt(valueLocations.getOrDefault(path, keyLocations.get(path)), path, message);
        }

        private void problemAt(JsonLocation location, String path, String message) {
            String where = location == null ? source : source + ":" + location.getLineNr() + ":" + location.getColumnNr();
            problems.add(where + ": " + (path.isEmpty() ? "" : path + ": ") + message);
        }

        private String syntaxProblem(JsonProcessingException e) {
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
         * Notes where each key, and each scalar value, starts, by dotted path. The tree has no
         * locations, so this is a second pass over the tokens of the same text.
         */
        private void locate(String text) {
            try (JsonParser parser = YAML.createParser(text)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (parser.getParsingContext().inObject()) {
                        if (token == JsonToken.FIELD_NAME) {
                            keyLocations.put(dottedPath(parser.getParsingContext()), parser.currentTokenLocation());
                        }
                        else if (token.isScalarValue()) {
                            valueLocations.put(dottedPath(parser.getParsingContext()), parser.currentTokenLocation());
                        }
                    }
                }
            }
            catch (IOException e) {
                // Cannot happen: the same text was just parsed into a tree
                throw new UncheckedIOException(e);
            }
        }

        private static String dottedPath(JsonStreamContext context) {
            Deque<String> names = new ArrayDeque<>();
            for (JsonStreamContext c = context; c != null; c = c.getParent()) {
                if (c.inObject() && c.getCurrentName() != null) {
                    names.addFirst(c.getCurrentName());
                }
            }
            return String.join(".", names);
        }

        private Optional<URI> httpUrl(String value) {
            try {
                URI uri = new URI(value);
                boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
                return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
            }
            catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        /** One mapping of the file. Readers return empty for absent keys and for invalid values (after recording them). */
        private final class Section {
            private final String path;
            private final JsonNode node;

            Section(String path, JsonNode node, String... keys) {
                this.path = path;
                if (node.isMissingNode() || node.isNull()) {
                    this.node = MissingNode.getInstance();
                }
                else if (!node.isObject()) {
                    Walk.this.problem(path, "must be a mapping, got " + describe(node));
                    this.node = MissingNode.getInstance();
                }
                else {
                    this.node = node;
                    List<String> allowed = List.of(keys);
                    node.fieldNames().forEachRemaining(key -> {
                        if (!allowed.contains(key)) {
                            problemAt(keyLocations.get(pathOf(key)), pathOf(key), unknownKey(key, allowed));
                        }
                    });
                }
            }

            Section section(String key, String... keys) {
                return new Section(pathOf(key), node.path(key), keys);
            }

            /** Present with a non-null value; YAML's {@code key:} with nothing after it counts as absent. */
            boolean has(String key) {
                return value(key).isPresent();
            }

            /** Any scalar, as text, with {@code ${home}} expanded. */
            Optional<String> string(String key) {
                return read(key, value -> {
                    if (!value.isValueNode()) {
                        return invalid(key, "must be a string, got " + describe(value));
                    }
                    String text = value.asText().replace("${home}", home.dir().toString());
                    return text.isBlank() ? invalid(key, "must not be empty") : Optional.of(text);
                });
            }

            Optional<Integer> integer(String key, int min, int max) {
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

            Optional<Boolean> bool(String key) {
                return read(key, value -> value.isBoolean()
                        ? Optional.of(value.booleanValue())
                        : invalid(key, "must be true or false, got " + describe(value)));
            }

            /** A positive byte count: plain bytes, or a number with B, KB, MB, GB, TB, KiB, MiB, GiB or TiB. */
            Optional<Long> size(String key) {
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

            Optional<String> choice(String key, List<String> choices) {
                return read(key, value -> value.isTextual() && choices.contains(value.asText())
                        ? Optional.of(value.asText())
                        : invalid(key, "must be one of " + String.join(", ", choices) + ", got " + describe(value)));
            }

            void requireEnv(String key, String variable) {
                String value = env.get(variable);
                if (value == null || value.isEmpty()) {
                    problem(key, "environment variable " + variable + " is not set");
                }
            }

            void problem(String key, String message) {
                Walk.this.problem(pathOf(key), message);
            }

            <T> Optional<T> invalid(String key, String message) {
                problem(key, message);
                return Optional.empty();
            }

            private <T> Optional<T> read(String key, Function<JsonNode, Optional<T>> reader) {
                return value(key).flatMap(reader);
            }

            private Optional<JsonNode> value(String key) {
                JsonNode value = node.path(key);
                return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value);
            }

            private String pathOf(String key) {
                return path.isEmpty() ? key : path + "." + key;
            }
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
        }
        catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty(); // more digits than a long holds
        }
    }

    private static String unknownKey(String key, List<String> allowed) {
        String closest = allowed.stream().min(comparingInt(candidate -> distance(candidate, key))).orElseThrow();
        int distance = distance(closest, key);
        // Short keys are close to everything: only suggest for a typo that is small relative to the key,
        // or for a truncated key such as secret-key for secret-key-env.
        boolean typo = distance <= 2 && distance <= closest.length() / 2;
        Optional<String> completion = allowed.stream()
                .filter(candidate -> key.length() >= 4 && candidate.startsWith(key.toLowerCase(Locale.ROOT)))
                .findFirst();
        Optional<String> suggestion = typo ? Optional.of(closest) : completion;
        return suggestion.map(candidate -> "unknown key, did you mean '" + candidate + "'?")
                .orElse("unknown key, expected one of " + String.join(", ", allowed));
    }

    /** Case-insensitive Levenshtein distance. */
    private static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.asText();
    }
}
