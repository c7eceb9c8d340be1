package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.sql.SqlLexer;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The interactive SQL shell (JLine): line editing, persistent history, statements spanning lines
 * until {@code ;}, completion of keywords, namespaces and tables, Ctrl-C to cancel.
 */
final class SqlShell {
    static final List<String> KEYWORDS = List.of(
            "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "QUALIFY", "WINDOW", "OVER", "PARTITION",
            "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "IS", "NULL",
            "LIKE", "ILIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "UNION", "ALL", "INTERSECT", "EXCEPT",
            "WITH", "INSERT", "INTO", "VALUES", "OVERWRITE", "UPDATE", "SET", "DELETE", "MERGE", "CREATE", "TABLE", "SCHEMA",
            "NAMESPACE", "DROP", "ALTER", "ADD", "COLUMN", "RENAME", "TO", "IF", "EXISTS", "CASCADE", "PARTITIONED", "SHOW",
            "TABLES", "SCHEMAS", "NAMESPACES", "DESCRIBE", "EXPLAIN", "ANALYZE", "USE", "AT", "VERSION", "TIMESTAMP", "COUNT",
            "SUM", "AVG", "MIN", "MAX", "CAST", "TRUE", "FALSE", "ASC", "DESC", "NULLS", "FIRST", "LAST", "DATE", "INTERVAL",
            "BIGINT", "INTEGER", "VARCHAR", "DOUBLE", "DECIMAL", "BOOLEAN", "TIMESTAMPTZ", "JSON");
    private static final Set<String> EXIT = Set.of("exit", "quit", "\\q");
    private static final Set<String> HELP = Set.of("help", "\\?", "\\h");

    private final Backend backend;
    private final Path historyFile;
    private final OutputFormat format;
    private final ObjectCompleter completer;
    private volatile boolean running;
    private volatile boolean cancelled;

    SqlShell(Backend backend, Path historyFile, OutputFormat format) {
        this.backend = backend;
        this.historyFile = historyFile;
        this.format = format;
        this.completer = new ObjectCompleter(backend);
    }

    int run() throws IOException {
        Files.createDirectories(historyFile.getParent());
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("zhongtai")
                    .parser(new SqlParser())
                    .completer(completer)
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.CASE_INSENSITIVE, true)
                    .build();
            PrintWriter out = terminal.writer();
            terminal.handle(Terminal.Signal.INT, signal -> {
                if (!running) {
                    return;
                }
                if (cancelled) {
                    // The engine did not stop (it cannot before a query returns its first rows): leave.
                    out.println("^C quitting");
                    out.flush();
                    try {
                        reader.getHistory().save();
                    } catch (IOException | RuntimeException ignored) {
                        // history is appended as lines are entered; nothing important is lost
                    }
                    System.exit(130);
                }
                cancelled = true;
                out.println("^C cancelling (press Ctrl-C again to quit the shell if the statement does not stop)");
                out.flush();
                backend.cancel();
            });
            out.println("Zhongtai SQL shell (" + backend.describe() + ", " + Main.Version.version() + ")");
            out.println("End statements with ';'. Tab completes, Ctrl-C cancels, Ctrl-D or exit quits, help for help.");
            while (true) {
                String prompt = "zhongtai:" + backend.namespace() + "> ";
                reader.setVariable(LineReader.SECONDARY_PROMPT_PATTERN, " ".repeat(Math.max(0, prompt.length() - 3)) + "-> ");
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                String command = shellCommand(line);
                if (EXIT.contains(command)) {
                    break;
                }
                if (HELP.contains(command)) {
                    help(out);
                    continue;
                }
                if (!line.isBlank()) {
                    execute(line, new ResultPrinter(out, out, format), out);
                }
            }
            reader.getHistory().save();
            out.flush();
        }
        return 0;
    }

    private void execute(String script, ResultPrinter printer, PrintWriter out) {
        cancelled = false;
        running = true;
        long[] start = {System.nanoTime()};
        try {
            backend.executeScript(script, result -> {
                if (cancelled) {
                    throw new Cancelled();
                }
                printer.print(result, start[0]);
                start[0] = System.nanoTime();
            });
        } catch (Cancelled e) {
            out.println("Cancelled.");
        } catch (ZhongtaiException e) {
            if (cancelled) {
                out.println("Cancelled.");
            } else {
                ErrorReporter.report(out, e, script, format == OutputFormat.table);
            }
        } catch (RuntimeException e) {
            out.println(cancelled ? "Cancelled." : "Error: " + e);
        } finally {
            running = false;
            completer.invalidate();
            out.flush();
        }
    }

    private static void help(PrintWriter out) {
        out.println("""
                Type SQL statements ending with ';' (several per line are fine; a statement may span lines).
                  SHOW NAMESPACES; SHOW TABLES; DESCRIBE ods.t; USE dwd;
                  SELECT * FROM ods.t AT (VERSION => 1234) LIMIT 10;
                Keys: Tab completes keywords, namespaces and tables; Up/Down and Ctrl-R search history;
                      Ctrl-C cancels the running query (or clears the line); Ctrl-D, exit or \\q quits.""");
    }

    /** A shell command (exit, quit, \\q, help) typed alone, lower-cased, or "" for SQL. */
    static String shellCommand(String line) {
        String s = line.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        s = s.toLowerCase(Locale.ROOT);
        return EXIT.contains(s) || HELP.contains(s) ? s : "";
    }

    /** True when the text can be run: it ends with ';' outside quotes and comments, or is empty, or is a shell command. */
    static boolean complete(String text) {
        if (text.isBlank() || !shellCommand(text).isEmpty()) {
            return true;
        }
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokenize(text);
        } catch (ZhongtaiException e) {
            return false; // an unterminated string, identifier or comment continues on the next line
        }
        return tokens.isEmpty() || tokens.get(tokens.size() - 1).isSymbol(";");
    }

    /** Accepts a line only when the statement is complete, so Enter inside a statement continues it on a new line. */
    static final class SqlParser extends DefaultParser {
        SqlParser() {
            setEscapeChars(new char[0]);
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
                throw new EOFError(-1, -1, "statement not finished", ";");
            }
            return super.parse(line, cursor, context);
        }

        @Override
        public boolean isDelimiterChar(CharSequence buffer, int pos) {
            char c = buffer.charAt(pos);
            return Character.isWhitespace(c) || "(),;=<>+-*/|".indexOf(c) >= 0;
        }
    }

    /** Keywords, and the namespaces and tables of the backend, fetched on first use after each statement. */
    static final class ObjectCompleter implements Completer {
        private final Backend backend;
        private volatile List<Candidate> objects;

        ObjectCompleter(Backend backend) {
            this.backend = backend;
        }

        void invalidate() {
            objects = null;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            for (String k : KEYWORDS) {
                candidates.add(new Candidate(k, k, "keywords", null, null, null, true));
            }
            List<Candidate> found = objects;
            if (found == null) {
                found = load();
                objects = found;
            }
            candidates.addAll(found);
        }

        private List<Candidate> load() {
            List<Candidate> found = new ArrayList<>();
            try {
                String current = backend.namespace();
                for (String ns : backend.namespaces()) {
                    found.add(new Candidate(ns, ns, "namespaces", null, null, null, false));
                    for (TableName t : backend.tables(ns)) {
                        found.add(new Candidate(t.toString(), t.toString(), "tables", null, null, null, true));
                        if (ns.equals(current)) {
                            found.add(new Candidate(t.table(), t.table(), "tables", null, null, null, true));
                        }
                    }
                }
            } catch (RuntimeException e) {
                // Completion is a convenience: a failing lookup leaves only the keywords.
            }
            return found;
        }
    }

    /** Thrown out of a script when the user cancelled it. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }
}
