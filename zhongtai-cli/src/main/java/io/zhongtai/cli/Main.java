package io.zhongtai.cli;

import io.zhongtai.core.Platform;
import io.zhongtai.core.config.PlatformHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/** The {@code zhongtai} command line. */
@Command(name = "zhongtai", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Zhongtai: an open data platform on Apache Iceberg tables queried with DuckDB.",
                "Without --server every command works directly on the platform home directory (embedded mode); "
                        + "with --server, sql, load, table, source, sync and export talk to a running `zhongtai server` instead."},
        subcommands = {SqlCommand.class, LoadCommand.class, TableCommand.class, SourceCommand.class, SyncCommand.class, ExportCommand.class,
                PipelineCommand.class, LineageCommand.class, QualityCommand.class, BackupCommand.class, RestoreCommand.class,
                TokenCommand.class, ServerCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  ZHONGTAI_HOME       home directory when --home is not given",
                "  ZHONGTAI_SERVER     server URL when --server is not given",
                "  ZHONGTAI_TOKEN      token when --token is not given (unlike --token, not",
                "                      visible to other users in the process list)",
                "  ZHONGTAI_BACKUP_PASSPHRASE  passphrase of a backup repository (backup repo add,",
                "                      restore --into-home); asked on the terminal when unset",
                "  ZHONGTAI_LOG_LEVEL  level of library log lines on stderr (default WARN)",
                "  ZHONGTAI_DEBUG      set to print stack traces of unexpected errors"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:internal error, or the server could not be reached",
                "2:invalid input: bad SQL, bad option, malformed data",
                "3:not authenticated or not allowed",
                "4:not found: table, namespace, snapshot, token, file",
                "5:conflict: the object already exists or was changed concurrently",
                "6:a source (database, broker, endpoint) failed",
                "7:a pipeline run failed",
                "8:stored data failed an integrity check (a backup object missing or corrupted)"})
public final class Main implements Callable<Integer> {
    /** Logback configuration for the CLI: warnings only, on stderr (Logback's own default is DEBUG on stdout). */
    static final String LOGBACK_CONFIG = "io/zhongtai/cli/logback-cli.xml";

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Platform home directory (default: $ZHONGTAI_HOME, else ~/.zhongtai). Created on first use.")
    String home;

    @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "URL of a Zhongtai server, e.g. http://127.0.0.1:7070 (default: $ZHONGTAI_SERVER). "
                    + "When set, sql, load, table, source, sync and export act as its HTTP client instead of opening the home; token and "
                    + "server always use the home.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "API token sent to --server as a bearer token (default: $ZHONGTAI_TOKEN).")
    String token;

    @Option(names = "--format", paramLabel = "table|csv|json",
            description = "Output format of results and listings for the command that follows: ${COMPLETION-CANDIDATES} "
                    + "(default: table). Commands also accept --format themselves, except load, where --format is the input format.")
    OutputFormat format;

    private final Map<String, String> env;
    private final InputStream in;

    public Main() {
        this(System.getenv(), System.in);
    }

    /** For tests and embedding: the environment variables to use and the standard input to read scripts from. */
    public Main(Map<String, String> env, InputStream in) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
        this.in = requireNonNull(in, "in is null");
    }

    public static void main(String[] args) {
        selectLogging(args, System.getenv());
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler(Main::shortUsageError);
        System.exit(cli.execute(args));
    }

    /** A usage error: the message and where to read more, rather than the whole help. */
    private static int shortUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println("Error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Short commands log through slf4j-simple, which starts in a few milliseconds where Logback takes
     * most of a second; long-running ones (server, demo) keep Logback, which Spring Boot configures.
     * Either way the libraries print only warnings (ZHONGTAI_LOG_LEVEL changes that), on stderr.
     */
    static void selectLogging(String[] args, Map<String, String> env) {
        if (System.getProperty("slf4j.provider") != null) {
            return;
        }
        String command = firstCommand(args);
        boolean simple = true;
        try {
            Class.forName("org.slf4j.simple.SimpleServiceProvider", false, Main.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            simple = false;
        }
        if (!simple || (command != null && LONG_RUNNING.contains(command))) {
            // Until Spring Boot takes over logging (ServerCommand clears this property first, as Spring asks).
            System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
            if (System.getProperty("logback.configurationFile") == null) {
                System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
            }
            return;
        }
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        String level = env.getOrDefault("ZHONGTAI_LOG_LEVEL", "warn").toLowerCase(java.util.Locale.ROOT);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (level.equals("warn")) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop", "error");
        }
    }

    private static final java.util.Set<String> LONG_RUNNING = java.util.Set.of("server", "demo");
    private static final java.util.Set<String> OPTIONS_WITH_VALUES = java.util.Set.of("--home", "--server", "--token", "--format");

    /** The subcommand's name: the first argument that is neither an option nor an option's value. */
    static String firstCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUES.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    Map<String, String> env() {
        return env;
    }

    InputStream in() {
        return in;
    }

    OutputFormat format() {
        return format;
    }

    PlatformHome home() {
        return PlatformHome.resolve(home, env);
    }

    /** The --home value exactly as given, or null. */
    String explicitHome() {
        return home;
    }

    /** The server URL from --server or ZHONGTAI_SERVER, or null for embedded mode. */
    String server() {
        return server != null && !server.isBlank() ? server : blankToNull(env.get("ZHONGTAI_SERVER"));
    }

    String token() {
        return token != null && !token.isBlank() ? token : blankToNull(env.get("ZHONGTAI_TOKEN"));
    }

    Platform openPlatform() {
        return Platform.open(home(), env);
    }

    /** A client of --server when one is given, else the platform on the home directory. */
    Backend openBackend() {
        String url = server();
        return url != null ? new RemoteBackend(url, token()) : new EmbeddedBackend(openPlatform());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code zhongtai 0.1.0} and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zhongtai " + version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                            + System.getProperty("java.vendor") + ")"};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream s = Main.class.getResourceAsStream("version.properties")) {
                if (s != null) {
                    p.load(s);
                }
            } catch (IOException ignored) {
                // fall through to "unknown"
            }
            return p.getProperty("version", "unknown");
        }
    }
}
