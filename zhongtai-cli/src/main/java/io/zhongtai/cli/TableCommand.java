package io.zhongtai.cli;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.MaintenanceResult;
import io.zhongtai.core.session.PartitionInfo;
import io.zhongtai.core.session.SnapshotInfo;
import io.zhongtai.core.session.TableInfo;
import io.zhongtai.core.sql.ListResult;
import io.zhongtai.core.sql.SqlResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code zhongtai table ...}: look at and maintain one table. */
@Command(name = "table", description = "Shows a table's schema, snapshots, partitions and files, and maintains it (tags, rollback, "
        + "snapshot expiry, compaction, orphan-file cleanup).",
        subcommands = {TableCommand.Show.class, TableCommand.History.class, TableCommand.Partitions.class, TableCommand.Files.class,
                TableCommand.Tag.class, TableCommand.Rollback.class, TableCommand.Expire.class, TableCommand.Compact.class,
                TableCommand.Clean.class})
final class TableCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Parses its table argument and prints through the chosen format. */
    abstract static class TableAction extends BaseCommand {
        @Parameters(index = "0", paramLabel = "TABLE", description = "The table as <namespace>.<table>, e.g. ods.orders.")
        String table;

        @Mixin
        OutputOption output;

        protected TableName name() {
            return TableName.parse(table, null);
        }

        protected ResultPrinter printer() {
            return new ResultPrinter(out(), err(), output.resolve(main()));
        }

        @Override
        protected final int run() {
            try (Backend backend = main().openBackend()) {
                act(backend, name(), printer());
            }
            return 0;
        }

        protected abstract void act(Backend backend, TableName name, ResultPrinter printer);

        static void printMaintenance(ResultPrinter printer, MaintenanceResult r) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("table", r.table());
            fields.put("action", r.action());
            fields.put("summary", r.summary());
            fields.put("filesRemoved", r.filesRemoved());
            fields.put("filesAdded", r.filesAdded());
            fields.put("bytesRemoved", r.bytesRemoved());
            fields.put("snapshotId", r.snapshotId());
            printer.record(fields, r.summary());
        }
    }

    static <T> SqlResult listing(List<T> items, List<String> columns, Function<T, List<Object>> row) {
        List<SqlResult.Column> cols = columns.stream().map(c -> new SqlResult.Column(c, "VARCHAR")).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (T item : items) {
            rows.add(row.apply(item));
        }
        return new ListResult(cols, rows, rows.size() + " rows");
    }

    static Object time(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MILLIS);
    }

    @Command(name = "show", description = "Shows the table's location, format version, partitioning, size, current snapshot, "
            + "properties and columns. In json one object; in table and csv a property listing and a column listing.")
    static final class Show extends TableAction {
        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            TableInfo t = backend.table(name);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", t.name());
            fields.put("location", t.location());
            fields.put("formatVersion", t.formatVersion());
            fields.put("partitionBy", t.partitionBy());
            fields.put("currentSnapshotId", t.currentSnapshotId());
            fields.put("snapshots", t.snapshots());
            fields.put("dataFiles", t.dataFiles());
            fields.put("rows", t.rows());
            fields.put("bytes", t.bytes());
            fields.put("lastUpdated", time(t.lastUpdated()));
            fields.put("properties", t.properties());
            if (printer.format() == OutputFormat.json) {
                fields.put("columns", t.columns().stream().map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("fieldId", c.fieldId());
                    m.put("name", c.name());
                    m.put("type", c.type());
                    m.put("nullable", c.nullable());
                    m.put("comment", c.comment());
                    return m;
                }).toList());
                printer.record(fields, null);
                return;
            }
            if (printer.format() == OutputFormat.table) {
                fields.put("partitionBy", t.partitionBy().isEmpty() ? "(unpartitioned)" : String.join(", ", t.partitionBy()));
                fields.put("bytes", t.bytes() + " (" + Format.bytes(t.bytes()) + ")");
                fields.put("properties", t.properties().isEmpty() ? "" : t.properties().toString());
            }
            printer.record(fields, null);
            printer.print(listing(t.columns(), List.of("field_id", "name", "type", "nullable", "comment"),
                    c -> Arrays.asList(c.fieldId(), c.name(), c.type(), c.nullable(), c.comment())));
        }
    }

    @Command(name = "history", description = "Lists the table's snapshots, oldest first: id, parent, commit time (UTC), operation, "
            + "whether it is current, the tags and branches on it, rows added and total rows. json also gives each snapshot's full Iceberg summary.")
    static final class History extends TableAction {
        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            List<SnapshotInfo> history = backend.history(name);
            boolean json = printer.format() == OutputFormat.json;
            List<String> columns = new ArrayList<>(List.of("snapshot_id", "parent_id", "committed_at", "operation", "current", "refs",
                    "added_rows", "total_rows"));
            if (json) {
                columns.add("summary");
            }
            printer.print(listing(history, columns, s -> {
                List<Object> row = new ArrayList<>(Arrays.asList(s.snapshotId(), s.parentId(), time(s.committedAt()), s.operation(),
                        s.current(), json ? s.refs() : String.join(",", s.refs()), number(s.summary(), "added-records"),
                        number(s.summary(), "total-records")));
                if (json) {
                    row.add(s.summary());
                }
                return row;
            }));
        }

        private static Object number(Map<String, String> summary, String key) {
            String v = summary == null ? null : summary.get(key);
            try {
                return v == null ? null : Long.parseLong(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
    }

    @Command(name = "partitions", description = "Lists the partitions of the current snapshot with their files, rows and bytes.")
    static final class Partitions extends TableAction {
        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            List<PartitionInfo> parts = backend.partitions(name);
            printer.print(listing(parts, List.of("partition", "files", "rows", "bytes"),
                    p -> Arrays.asList(p.partition(), p.files(), p.rows(), p.bytes())));
        }
    }

    @Command(name = "files", description = "Lists the data files of the current snapshot with their partition, rows and bytes.")
    static final class Files extends TableAction {
        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            List<FileInfo> files = backend.files(name);
            printer.print(listing(files, List.of("path", "partition", "rows", "bytes"),
                    f -> Arrays.asList(f.path(), f.partition(), f.rows(), f.bytes())));
        }
    }

    @Command(name = "tag", description = "Tags a snapshot (default: the current one) with a name usable in "
            + "SELECT ... FROM t AT (VERSION => 'name'); an existing tag of that name is moved.")
    static final class Tag extends TableAction {
        @Parameters(index = "1", paramLabel = "NAME", description = "The tag.")
        String tag;

        @Option(names = "--snapshot", paramLabel = "ID", description = "Snapshot to tag (default: the current snapshot).")
        Long snapshot;

        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            printMaintenance(printer, backend.tag(name, tag, snapshot));
        }
    }

    @Command(name = "rollback", description = "Makes an earlier (or any other) snapshot the table's current state; "
            + "later snapshots stay in the history until expired.")
    static final class Rollback extends TableAction {
        @Option(names = "--to", paramLabel = "ID", required = true, description = "The snapshot id to return to (see `table history`).")
        long to;

        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            printMaintenance(printer, backend.rollback(name, to));
        }
    }

    @Command(name = "expire", description = "Expires snapshots older than --older-than, always keeping the newest --retain-last, "
            + "and deletes the files only they referenced. Expired snapshots can no longer be read with AT (VERSION => ...).")
    static final class Expire extends TableAction {
        @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "7d", converter = DurationConverter.class,
                description = "Age such as 90m, 12h, 7d, 2w or PT1H (default: ${DEFAULT-VALUE}).")
        Duration olderThan;

        @Option(names = "--retain-last", paramLabel = "N", defaultValue = "1",
                description = "Snapshots to keep regardless of age, at least 1 (default: ${DEFAULT-VALUE}).")
        int retainLast;

        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            if (retainLast < 1) {
                throw usage("--retain-last must be at least 1");
            }
            printMaintenance(printer, backend.expire(name, olderThan, retainLast));
        }
    }

    @Command(name = "compact", description = "Rewrites each partition's small data files into files of the target size in one commit; "
            + "the rows do not change.")
    static final class Compact extends TableAction {
        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            printMaintenance(printer, backend.compact(name));
        }
    }

    @Command(name = "clean", description = "Deletes orphan files under the table's location: files no snapshot or metadata references, "
            + "such as those left by a writer killed before its commit. Files younger than --older-than are never touched, "
            + "so writes still in progress are safe.")
    static final class Clean extends TableAction {
        @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "3d", converter = DurationConverter.class,
                description = "Only delete files at least this old, e.g. 1h, 3d (default: ${DEFAULT-VALUE}, as Iceberg and the server). "
                        + "Keep it longer than your longest write.")
        Duration olderThan;

        @Option(names = "--dry-run", description = "Only report what would be deleted.")
        boolean dryRun;

        @Override
        protected void act(Backend backend, TableName name, ResultPrinter printer) {
            printMaintenance(printer, backend.clean(name, olderThan, dryRun));
        }
    }

    /** Reads {@code 7d}-style durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Format.parseDuration(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
