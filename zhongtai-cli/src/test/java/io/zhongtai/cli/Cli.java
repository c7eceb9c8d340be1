package io.zhongtai.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process on one home directory, capturing stdout and stderr. */
final class Cli {
    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> env;

    Cli(Path home) {
        this(home, Map.of());
    }

    /** With these environment variables (e.g. secrets for {@code source add --secret}). */
    Cli(Path home, Map<String, String> env) {
        this.home = home;
        this.env = Map.copyOf(env);
    }

    Run run(String... args) {
        return runWithInput("", args);
    }

    Run runWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return runRaw(env, stdin, all.toArray(String[]::new));
    }

    /** No --home added: for tests that pass their own global options. */
    static Run runRaw(String stdin, String... args) {
        return runRaw(Map.of(), stdin, args);
    }

    /** No --home added, with these environment variables. */
    static Run runRawWithEnv(Map<String, String> env, String stdin, String... args) {
        return runRaw(env, stdin, args);
    }

    private static Run runRaw(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // Only the given environment: ZHONGTAI_SERVER or ZHONGTAI_HOME of the machine running the tests must not leak in.
        CommandLine cli = new CommandLine(new Main(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
