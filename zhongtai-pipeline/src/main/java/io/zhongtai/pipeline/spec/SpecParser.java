package io.zhongtai.pipeline.spec;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.core.yaml.YamlDocument.Section;
import io.zhongtai.spi.data.TableId;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a pipeline's YAML into a {@link PipelineSpec}, reporting every problem at once, each as
 * {@code file:line:column: path: what is wrong}. Only the shape is checked here; {@link SpecValidator} checks the
 * graph, the tables and the columns.
 */
public final class SpecParser {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final YamlDocument doc;

    private SpecParser(YamlDocument doc) {
        this.doc = doc;
    }

    /** Parses the spec in {@code text}; {@code file} names it in messages. */
    public static PipelineSpec parse(String file, String text) {
        SpecParser parser = new SpecParser(YamlDocument.parse(file, text));
        PipelineSpec spec = parser.pipeline(text);
        List<String> problems = parser.doc.problems();
        if (!problems.isEmpty()) {
            throw invalid(file, problems);
        }
        return spec;
    }

    /** The error for a spec with problems: all of them, one per line. */
    public static ZhongtaiException invalid(String file, List<String> problems) {
        return ZhongtaiException.invalid("Pipeline spec %s has %d problem%s:\n  %s", file, problems.size(),
                problems.size() == 1 ? "" : "s", String.join("\n  ", problems));
    }

    private PipelineSpec pipeline(String text) {
        Section root = doc.root("name", "description", "schedule", "depends_on", "params", "defaults", "alerts", "nodes");
        String name = root.string("name").flatMap(n -> identifier(root, "name", n)).orElse(null);
        if (name == null && !root.has("name")) {
            root.problem("name", "required: the pipeline's name");
        }
        Optional<ScheduleSpec> schedule = root.has("schedule") ? Optional.ofNullable(schedule(root.section("schedule",
                "cron", "timezone", "catchup", "max_active_runs", "bizdate_offset_days", "sla"))) : Optional.empty();
        List<String> upstream = root.strings("depends_on");
        Map<String, String> params = params(root);
        NodeSettings defaults = settings(root.section("defaults", "retries", "retry_delay", "timeout", "slots"),
                NodeSettings.DEFAULTS);
        Section alertSection = root.section("alerts", "webhooks", "emails");
        AlertSpec alerts = new AlertSpec(urls(alertSection, "webhooks"), emails(alertSection, "emails"));
        List<NodeSpec> nodes = new ArrayList<>();
        if (!root.has("nodes")) {
            root.problem("nodes", "required: the pipeline's nodes");
        }
        for (Section node : root.sections("nodes", SpecParser::nodeKeys)) {
            node(node, defaults).ifPresent(nodes::add);
        }
        return new PipelineSpec(name == null ? "invalid" : name, root.string("description").orElse(""), schedule, upstream,
                params, alerts, nodes, text);
    }

    private ScheduleSpec schedule(Section s) {
        Optional<String> cron = s.string("cron").flatMap(expression -> {
            try {
                CRON.parse(expression).validate();
                return Optional.of(expression);
            } catch (IllegalArgumentException e) {
                return s.invalid("cron", "not a cron expression (minute hour day-of-month month day-of-week): " + e.getMessage());
            }
        });
        if (!s.has("cron")) {
            s.problem("cron", "required: when the pipeline runs, e.g. '0 2 * * *'");
        }
        ZoneId zone = s.string("timezone").flatMap(z -> {
            try {
                return Optional.of(ZoneId.of(z));
            } catch (DateTimeException e) {
                return s.invalid("timezone", "unknown time zone '" + z + "', use a region such as Asia/Shanghai or UTC");
            }
        }).orElse(ZoneId.of("UTC"));
        ScheduleSpec.CatchUp catchUp = s.choice("catchup", List.of("none", "latest", "all"))
                .map(c -> ScheduleSpec.CatchUp.valueOf(c.toUpperCase(Locale.ROOT))).orElse(ScheduleSpec.CatchUp.LATEST);
        int maxActive = s.integer("max_active_runs", 1, 100).orElse(1);
        int offset = s.integer("bizdate_offset_days", -366, 366).orElse(-1);
        LocalTime sla = s.string("sla").flatMap(t -> {
            try {
                return Optional.of(LocalTime.parse(t));
            } catch (DateTimeParseException e) {
                return s.invalid("sla", "must be a time of day such as '06:30', got '" + t + "'");
            }
        }).orElse(null);
        return cron.map(c -> new ScheduleSpec(c, zone, catchUp, maxActive, offset, sla)).orElse(null);
    }

    private Map<String, String> params(Section root) {
        Map<String, String> params = new LinkedHashMap<>();
        root.raw("params").ifPresent(node -> {
            if (!node.isObject()) {
                root.problem("params", "must be a mapping of name: value, got " + YamlDocument.describe(node));
                return;
            }
            node.fields().forEachRemaining(field -> {
                String path = root.pathOf("params") + "." + field.getKey();
                if (!NAME.matcher(field.getKey()).matches()) {
                    doc.problem(path, "parameter names are lower-case letters, digits and underscores");
                } else if (Params.BUILT_IN.contains(field.getKey())) {
                    doc.problem(path, "'" + field.getKey() + "' is set by the platform for each run");
                } else if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    doc.problem(path, "must be a single value, got " + YamlDocument.describe(field.getValue()));
                } else {
                    params.put(field.getKey(), field.getValue().asText());
                }
            });
        });
        return params;
    }

    private NodeSettings settings(Section s, NodeSettings inherited) {
        return new NodeSettings(
                s.integer("retries", 0, 20).orElse(inherited.retries()),
                s.duration("retry_delay").orElse(inherited.retryDelay()),
                s.duration("timeout").orElse(inherited.timeout()),
                s.integer("slots", 1, NodeSettings.MAX_SLOTS).orElse(inherited.slots()));
    }

    /** The keys a node may have: the common ones and those of its kind (only the common ones if the kind is bad). */
    private static String[] nodeKeys(JsonNode node) {
        List<String> keys = new ArrayList<>(List.of("name", "kind", "depends_on", "retries", "retry_delay", "timeout", "slots"));
        keys.addAll(switch (node.path("kind").asText()) {
            case "sync" -> List.of("source", "tables", "all", "mode", "into");
            case "sql" -> List.of("sql", "output", "write", "key", "partition", "quality");
            case "clean" -> List.of("input", "output", "ops", "quality");
            case "quality" -> List.of("table", "rules");
            case "export" -> List.of("table", "sql", "to", "target", "mode", "keys");
            // A bad or missing kind is reported on its own; which other keys belong cannot be told.
            default -> List.of("source", "tables", "all", "mode", "into", "sql", "output", "write", "key", "partition", "quality",
                    "input", "ops", "table", "rules", "to", "target", "keys");
        });
        return keys.toArray(String[]::new);
    }

    private Optional<NodeSpec> node(Section s, NodeSettings defaults) {
        Optional<String> kind = s.choice("kind", List.of("sync", "sql", "clean", "quality", "export"));
        if (!s.has("kind")) {
            s.problem("kind", "required: one of sync, sql, clean, quality, export");
        }
        String name = s.string("name").flatMap(v -> identifier(s, "name", v)).orElse(null);
        if (!s.has("name")) {
            s.problem("name", "required: the node's name, unique in the pipeline");
        }
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        List<String> dependsOn = s.strings("depends_on");
        NodeSettings settings = settings(s, defaults);
        String path = s.path();
        // The kind's own fields are read (and their problems reported) even when the name is bad.
        NodeSpec node = switch (kind.get()) {
            case "sync" -> sync(s, name, dependsOn, settings, path);
            case "sql" -> sql(s, name, dependsOn, settings, path);
            case "clean" -> clean(s, name, dependsOn, settings, path);
            case "quality" -> quality(s, name, dependsOn, settings, path);
            default -> export(s, name, dependsOn, settings, path);
        };
        return name == null ? Optional.empty() : Optional.ofNullable(node);
    }

    private NodeSpec sync(Section s, String name, List<String> dependsOn, NodeSettings settings, String path) {
        String source = required(s, "source", "the registered source to sync");
        List<String> tables = s.strings("tables");
        boolean all = s.bool("all").orElse(false);
        if (tables.isEmpty() && !all) {
            s.problem("tables", "required: the source tables to sync (or all: true)");
        }
        String mode = s.choice("mode", List.of("full", "incremental", "cdc")).orElse("full");
        String into = s.string("into").flatMap(ns -> identifier(s, "into", ns)).orElse("ods");
        if (source == null) {
            return null;
        }
        // Targets follow the sync's naming rule; the targets of all: true are known only at run time.
        List<TableName> writes = tables.stream().map(t -> SyncRequest.targetTable(into, source, TableId.parse(t).name())).toList();
        return new NodeSpec.Sync(name, dependsOn, settings, path, source, tables, all, mode, into, writes);
    }

    private NodeSpec sql(Section s, String name, List<String> dependsOn, NodeSettings settings, String path) {
        String sql = required(s, "sql", "the SELECT whose rows make the output table");
        TableName output = table(s, "output", true);
        NodeSpec.WriteMode write = s.choice("write", List.of("replace", "append", "merge", "overwrite_partition"))
                .map(w -> NodeSpec.WriteMode.valueOf(w.toUpperCase(Locale.ROOT))).orElse(NodeSpec.WriteMode.REPLACE);
        List<String> key = s.strings("key");
        Optional<String> partition = s.string("partition");
        if (write == NodeSpec.WriteMode.MERGE && key.isEmpty()) {
            s.problem("key", "required with write: merge: the output columns that identify a row");
        }
        if (write == NodeSpec.WriteMode.OVERWRITE_PARTITION && partition.isEmpty()) {
            s.problem("partition", "required with write: overwrite_partition: a predicate such as \"dt = '${bizdate}'\"");
        }
        if (sql == null || output == null) {
            return null;
        }
        return new NodeSpec.Sql(name, dependsOn, settings, path, sql, output, write, key, partition.orElse(null),
                s.raw("quality").orElse(null));
    }

    private NodeSpec clean(Section s, String name, List<String> dependsOn, NodeSettings settings, String path) {
        TableName input = table(s, "input", true);
        TableName output = table(s, "output", true);
        Optional<JsonNode> ops = s.raw("ops");
        if (ops.isEmpty()) {
            s.problem("ops", "required: the cleaning operations, in order");
        }
        if (input == null || output == null || ops.isEmpty()) {
            return null;
        }
        return new NodeSpec.Clean(name, dependsOn, settings, path, input, output, ops.get(), s.raw("quality").orElse(null));
    }

    private NodeSpec quality(Section s, String name, List<String> dependsOn, NodeSettings settings, String path) {
        TableName table = table(s, "table", true);
        Optional<JsonNode> rules = s.raw("rules");
        if (rules.isEmpty()) {
            s.problem("rules", "required: the rules to check");
        }
        if (table == null || rules.isEmpty()) {
            return null;
        }
        return new NodeSpec.Quality(name, dependsOn, settings, path, table, rules.get());
    }

    private NodeSpec export(Section s, String name, List<String> dependsOn, NodeSettings settings, String path) {
        TableName table = table(s, "table", false);
        Optional<String> sql = s.string("sql");
        if ((table == null) == sql.isEmpty()) {
            s.problem("table", "give exactly one of table (a lakehouse table) or sql (a query) to export");
        }
        String to = required(s, "to", "the registered source to export into");
        String target = required(s, "target", "the table, topic or file name in the source");
        String mode = s.choice("mode", List.of("append", "overwrite", "upsert")).orElse("append");
        List<String> keys = s.strings("keys");
        if (mode.equals("upsert") && keys.isEmpty()) {
            s.problem("keys", "required with mode: upsert: the columns that identify a row");
        }
        if (to == null || target == null || (table == null && sql.isEmpty())) {
            return null;
        }
        return new NodeSpec.Export(name, dependsOn, settings, path, table != null ? "SELECT * FROM " + table : sql.get(), to,
                target, mode, keys);
    }

    private String required(Section s, String key, String what) {
        if (!s.has(key)) {
            s.problem(key, "required: " + what);
        }
        return s.string(key).orElse(null);
    }

    private TableName table(Section s, String key, boolean required) {
        if (required && !s.has(key)) {
            s.problem(key, "required: a lakehouse table as <namespace>.<table>");
        }
        return s.string(key).flatMap(text -> {
            try {
                return Optional.of(TableName.parse(text, null));
            } catch (ZhongtaiException e) {
                return s.invalid(key, e.getMessage());
            }
        }).orElse(null);
    }

    private Optional<String> identifier(Section s, String key, String value) {
        return NAME.matcher(value).matches() ? Optional.of(value)
                : s.invalid(key, "'" + value + "' is not a valid name: use lower-case letters, digits and underscores, starting with a letter");
    }

    private List<String> urls(Section s, String key) {
        List<String> out = new ArrayList<>();
        for (String url : s.strings(key)) {
            if (url.startsWith("http://") || url.startsWith("https://")) {
                out.add(url);
            } else {
                s.problem(key, "'" + url + "' is not an http(s) URL");
            }
        }
        return out;
    }

    private List<String> emails(Section s, String key) {
        List<String> out = new ArrayList<>();
        for (String email : s.strings(key)) {
            if (email.matches("[^@\\s]+@[^@\\s]+")) {
                out.add(email);
            } else {
                s.problem(key, "'" + email + "' is not an email address");
            }
        }
        return out;
    }
}
