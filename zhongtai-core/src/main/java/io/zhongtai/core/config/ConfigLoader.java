package io.zhongtai.core.config;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.config.ZhongtaiConfig.Engine;
import io.zhongtai.core.config.ZhongtaiConfig.LocalWarehouse;
import io.zhongtai.core.config.ZhongtaiConfig.Metadata;
import io.zhongtai.core.config.ZhongtaiConfig.S3Warehouse;
import io.zhongtai.core.config.ZhongtaiConfig.Server;
import io.zhongtai.core.config.ZhongtaiConfig.Warehouse;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.core.yaml.YamlDocument.Section;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Loads {@code zhongtai.yaml} from a {@link PlatformHome}. A missing file means all defaults.
 *
 * <p>The file is read as a {@link YamlDocument} and walked section by section. A bad value is
 * recorded and replaced by its default so the walk goes on: the resulting {@link ConfigException}
 * lists every problem at once instead of making the user fix them one run at a time.
 */
public final class ConfigLoader {
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

    /** One pass over one file. */
    private static final class Walk {
        private final Path file;
        private final String source;
        private final PlatformHome home;
        private final Map<String, String> env;

        Walk(Path file, PlatformHome home, Map<String, String> env) {
            this.file = file;
            this.source = file.getFileName().toString();
            this.home = home;
            this.env = env;
        }

        ZhongtaiConfig run(String text) {
            YamlDocument document;
            try {
                document = YamlDocument.parse(source, text);
            }
            catch (ZhongtaiException e) {
                throw new ConfigException(file, List.of(e.getMessage()));
            }
            Section top = document.root("metadata", "warehouse", "server", "engine", "alerts", "lineage");
            ZhongtaiConfig config = new ZhongtaiConfig(
                    metadata(top.section("metadata", "url", "user", "password-env", "pool-size")),
                    warehouse(top.section("warehouse", "type", "path", "s3")),
                    server(top.section("server", "bind", "port")),
                    engine(top.section("engine", "memory-limit", "threads", "target-file-size")),
                    alerts(top.section("alerts", "smtp")),
                    lineage(top.section("lineage", "openlineage-url", "namespace")));
            if (!document.problems().isEmpty()) {
                throw new ConfigException(file, document.problems());
            }
            return config;
        }

        private Metadata metadata(Section section) {
            String url = string(section, "url")
                    .flatMap(value -> value.startsWith("jdbc:sqlite:") || value.startsWith("jdbc:postgresql:")
                            ? Optional.of(value)
                            : section.invalid("url", "must be a jdbc:sqlite: or jdbc:postgresql: URL, got '" + value + "'"))
                    .orElse("jdbc:sqlite:" + home.metadataDbFile());
            Optional<String> passwordEnv = string(section, "password-env");
            passwordEnv.ifPresent(name -> requireEnv(section, "password-env", name));
            return new Metadata(url, string(section, "user"), passwordEnv, section.integer("pool-size", 1, 100).orElse(4));
        }

        private Warehouse warehouse(Section section) {
            // Read every key first so that each one's own problems are reported whatever the type.
            Optional<String> type = section.choice("type", List.of("local", "s3"));
            Optional<Path> path = string(section, "path").map(value -> home.dir().resolve(value));
            Section s3 = section.section("s3",
                    "endpoint", "bucket", "prefix", "region", "path-style", "access-key-env", "secret-key-env");
            Optional<String> bucket = string(s3, "bucket");
            Optional<String> prefix = string(s3, "prefix").map(value -> value.replaceAll("^/+|/+$", "")).filter(value -> !value.isEmpty());
            Optional<URI> endpoint = string(s3, "endpoint").flatMap(value -> httpUrl(value)
                    .or(() -> s3.invalid("endpoint", "must be an http or https URL, got '" + value + "'")));
            String region = string(s3, "region").orElse("us-east-1");
            boolean pathStyle = s3.bool("path-style").orElse(true);
            String accessKeyEnv = string(s3, "access-key-env").orElse("AWS_ACCESS_KEY_ID");
            String secretKeyEnv = string(s3, "secret-key-env").orElse("AWS_SECRET_ACCESS_KEY");

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
            requireEnv(s3, "access-key-env", accessKeyEnv);
            requireEnv(s3, "secret-key-env", secretKeyEnv);
            return new S3Warehouse(bucket.orElse(""), prefix, endpoint, region, pathStyle, accessKeyEnv, secretKeyEnv);
        }

        private Server server(Section section) {
            return new Server(string(section, "bind").orElse("127.0.0.1"), section.integer("port", 1, 65535).orElse(7070));
        }

        private Engine engine(Section section) {
            Optional<Long> memoryLimit = section.size("memory-limit");
            return new Engine(
                    memoryLimit.map(OptionalLong::of).orElse(OptionalLong.empty()),
                    section.integer("threads", 0, 4096).orElse(0),
                    section.size("target-file-size").orElse(128L << 20)); // 128MiB
        }

        private ZhongtaiConfig.Alerts alerts(Section section) {
            if (!section.has("smtp")) {
                return ZhongtaiConfig.Alerts.NONE;
            }
            Section smtp = section.section("smtp", "host", "port", "from", "user", "password-env", "starttls");
            Optional<String> host = string(smtp, "host");
            Optional<String> from = string(smtp, "from");
            if (host.isEmpty()) {
                smtp.problem("host", "required: the SMTP server alert emails go through");
            }
            if (from.isEmpty()) {
                smtp.problem("from", "required: the sender address of alert emails");
            }
            Optional<String> passwordEnv = string(smtp, "password-env");
            passwordEnv.ifPresent(name -> requireEnv(smtp, "password-env", name));
            return new ZhongtaiConfig.Alerts(Optional.of(new ZhongtaiConfig.Smtp(host.orElse(""), smtp.integer("port", 1, 65535).orElse(25),
                    from.orElse(""), string(smtp, "user"), passwordEnv, smtp.bool("starttls").orElse(false))));
        }

        private ZhongtaiConfig.Lineage lineage(Section section) {
            Optional<URI> url = string(section, "openlineage-url").flatMap(value -> httpUrl(value)
                    .or(() -> section.invalid("openlineage-url", "must be an http or https URL, got '" + value + "'")));
            return new ZhongtaiConfig.Lineage(url, string(section, "namespace").orElse("zhongtai"));
        }

        /** Any scalar, as text, with {@code ${home}} expanded. */
        private Optional<String> string(Section section, String key) {
            return section.string(key).map(value -> value.replace("${home}", home.dir().toString()));
        }

        private void requireEnv(Section section, String key, String variable) {
            String value = env.get(variable);
            if (value == null || value.isEmpty()) {
                section.problem(key, "environment variable " + variable + " is not set");
            }
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
    }
}
