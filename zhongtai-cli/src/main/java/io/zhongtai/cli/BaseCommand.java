package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * A leaf command: runs {@link #run()} and turns failures into a message on standard error and an
 * exit code ({@link ZhongtaiException.Kind#exitCode}), so every command reports errors the same way.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The SQL the command is running, so an error can point into it; null when not about SQL. */
    protected String sqlForErrors;

    /** Does the work; returns the exit code. */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (ZhongtaiException e) {
            out().flush();
            ErrorReporter.report(err(), e, sqlForErrors, caretWanted());
            return e.kind().exitCode;
        } catch (UncheckedIOException e) {
            out().flush();
            err().println("Error: " + (e.getMessage() == null ? e.getCause() : e.getMessage()));
            debug(e);
            return ZhongtaiException.Kind.INTERNAL.exitCode;
        } catch (Exception e) {
            out().flush();
            err().println("Error: " + e);
            debug(e);
            return ZhongtaiException.Kind.INTERNAL.exitCode;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The caret under the offending SQL is for people reading a table, not for csv/json consumers. */
    protected boolean caretWanted() {
        return true;
    }

    private void debug(Exception e) {
        if (main().env().containsKey("ZHONGTAI_DEBUG")) {
            e.printStackTrace(err());
        } else {
            err().println("(set ZHONGTAI_DEBUG=1 to see the stack trace)");
        }
    }

    protected Main main() {
        return (Main) spec.root().userObject();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
