package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.ConnectorType;
import io.zhongtai.core.integration.SourceInfo;
import io.zhongtai.core.integration.SyncHistory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.OptionSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code zhongtai source ...}: registers the databases, files, queues and endpoints to sync from and export to. */
@Command(name = "source", description = "Registers, inspects and removes sources (databases, files, queues, HTTP endpoints). "
        + "Secret options are stored encrypted (AES-256-GCM) and always shown masked. Acts on the home, or on the server given with --server.",
        subcommands = {SourceCommand.Add.class, SourceCommand.ListSources.class, SourceCommand.Show.class, SourceCommand.Test.class,
                SourceCommand.Browse.class, SourceCommand.Status.class, SourceCommand.Remove.class, SourceCommand.Types.class})
final class SourceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "add", sortOptions = false, description = "Registers a source; its options are validated (every problem is listed at once).",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  PGPASSWORD=... zhongtai source add shop --type postgres --set host=db.local --set database=shop \\",
                    "      --set user=etl --secret password=PGPASSWORD",
                    "  zhongtai source add logs --type file --set path='/data/logs/**/*.jsonl'",
                    "  zhongtai source add events --type kafka --set bootstrap-servers=localhost:9092",
                    "Run `zhongtai source types` for every type's options."})
    static final class Add extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case name (letters, digits, '_'); tables land as ods.<name>_<table>.")
        String name;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Connector type: postgres, mysql, file, kafka, rabbitmq, http.")
        String type;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A plain option; repeat for several.")
        Map<String, String> options = new LinkedHashMap<>();

        @Option(names = "--secret", paramLabel = "KEY=ENV_VAR",
                description = "A secret option read from the environment variable ENV_VAR (never typed on the command line).")
        Map<String, String> secretEnv = new LinkedHashMap<>();

        @Option(names = "--description", paramLabel = "TEXT", description = "What the source is, for the catalog.")
        String description;

        @Override
        protected int act(Backend backend) {
            Map<String, String> secrets = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            secretEnv.forEach((key, variable) -> {
                String value = main().env().get(variable);
                if (value == null || value.isEmpty()) {
                    missing.add(key + " (environment variable " + variable + " is not set)");
                } else {
                    secrets.put(key, value);
                }
            });
            if (!missing.isEmpty()) {
                throw ZhongtaiException.invalid("Cannot add source %s, secret options have no value: %s", name, String.join(", ", missing));
            }
            SourceInfo info = backend.addSource(name, type, options, secrets, description);
            out().println("Added source " + info.name() + " (" + info.type() + ")");
            return 0;
        }
    }

    @Command(name = "list", description = "Lists sources: name, type, description, creation.")
    static final class ListSources extends BackendCommand {
        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(backend.sources(),
                    List.of("name", "type", "description", "created_at", "created_by"),
                    s -> Arrays.asList(s.name(), s.type(), s.description(), TableCommand.time(s.createdAt()), s.createdBy())));
            return 0;
        }
    }

    @Command(name = "show", description = "Shows a source's type and options (secrets masked).")
    static final class Show extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            SourceInfo s = backend.source(name);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", s.name());
            fields.put("type", s.type());
            fields.put("description", s.description());
            fields.put("created_at", TableCommand.time(s.createdAt()));
            fields.put("created_by", s.createdBy());
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (printer.format() == OutputFormat.json) {
                fields.put("options", s.options());
                printer.record(fields, null);
            } else {
                s.options().forEach((k, v) -> fields.put("option " + k, v));
                printer.record(fields, null);
            }
            return 0;
        }
    }

    @Command(name = "test", description = "Connects to the source and checks the credentials; exit code 6 when it fails.")
    static final class Test extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        protected int act(Backend backend) {
            Duration took = backend.testSource(name, Format.parseDuration(timeout));
            out().println("Source " + name + " is reachable (" + Format.duration(took) + ")");
            return 0;
        }
    }

    @Command(name = "browse", description = {"Without NAMESPACE lists the source's namespaces (schemas, databases), or its tables when "
            + "it has none (topics, queues, files); with NAMESPACE, its tables; with --table, the table's columns, types and primary key."})
    static final class Browse extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAMESPACE")
        String namespace;

        @Option(names = "--table", paramLabel = "TABLE", description = "Describe this table ([namespace.]table).")
        String table;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (table != null) {
                TableSchema schema = backend.describeSourceTable(name, namespace != null && !table.contains(".") ? namespace + "." + table : table);
                printer.print(TableCommand.listing(schema.columns(), List.of("column", "type", "source_type", "nullable", "primary_key"),
                        c -> Arrays.asList(c.name(), c.type().sqlName(), c.sourceType(), c.nullable(),
                                schema.primaryKey().contains(c.name()))));
            } else if (namespace != null) {
                printer.print(TableCommand.listing(backend.sourceTables(name, namespace), List.of("namespace", "table"),
                        (TableId t) -> Arrays.asList(t.namespace(), t.name())));
            } else {
                List<String> namespaces = backend.sourceNamespaces(name);
                if (namespaces.equals(List.of(""))) {
                    // Topics, queues, files and endpoints have no namespaces: show the tables right away.
                    printer.print(TableCommand.listing(backend.sourceTables(name, ""), List.of("table"), (TableId t) -> List.of(t.name())));
                } else {
                    printer.print(TableCommand.listing(namespaces, List.of("namespace"), List::<Object>of));
                }
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Per synced table: where it lands, mode, position (high-water mark or offsets), rows, last commit.")
    static final class Status extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(backend.syncStates(name),
                    List.of("source_table", "target_table", "mode", "position", "snapshot_id", "rows_synced", "synced_at"),
                    (SyncHistory.TableState s) -> Arrays.asList(s.sourceTable(), s.targetTable(), s.mode(), s.position(), s.snapshotId(),
                            s.rowsSynced(), TableCommand.time(s.syncedAt()))));
            return 0;
        }
    }

    @Command(name = "remove", description = "Removes a source and its sync state; synced tables stay.")
    static final class Remove extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int act(Backend backend) {
            backend.removeSource(name);
            out().println("Removed source " + name);
            return 0;
        }
    }

    @Command(name = "types", description = "Lists the connector types and their options (type, default, required, secret, doc).")
    static final class Types extends BackendCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "Only this type.")
        String type;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            List<Object[]> rows = new ArrayList<>();
            for (ConnectorType f : backend.connectorTypes()) {
                if (type == null || type.equals(f.name())) {
                    for (OptionSpec o : f.options()) {
                        rows.add(new Object[] {f.name(), o.name(), o.type().name().toLowerCase(java.util.Locale.ROOT)
                                + (o.allowedValues().isEmpty() ? "" : " " + String.join("|", o.allowedValues())),
                                o.defaultValue(), o.required(), o.secret(), o.doc()});
                    }
                }
            }
            if (type != null && rows.isEmpty()) {
                throw ZhongtaiException.invalid("Unknown connector type '%s'; known types: %s", type,
                        backend.connectorTypes().stream().map(ConnectorType::name).collect(Collectors.joining(", ")));
            }
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(rows,
                    List.of("type", "option", "value_type", "default", "required", "secret", "doc"), Arrays::asList));
            return 0;
        }
    }
}
