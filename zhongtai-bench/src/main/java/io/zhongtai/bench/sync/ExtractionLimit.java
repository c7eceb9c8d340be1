package io.zhongtai.bench.sync;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How fast PostgreSQL can hand the table out at all: {@code COPY lineitem TO STDOUT} into /dev/null, by {@code psql}
 * when it is installed, else by PgJDBC's CopyManager into a discarding stream. No sync can beat this.
 */
public final class ExtractionLimit {
    private static final String COPY = "COPY " + LineitemDatabase.TABLE + " TO STDOUT";

    private ExtractionLimit() {
    }

    /** The size of the table as COPY text: the data volume every MB/s figure is computed from. */
    public static long volumeBytes(LineitemDatabase db) throws Exception {
        return copyOut(db);
    }

    /**
     * The limit, part {@code limit}: {@code psql ... -c "COPY ... TO STDOUT" > /dev/null} when psql is installed, with
     * the same read through PgJDBC's CopyManager in this JVM beside it (part {@code copy_manager}); without psql,
     * CopyManager is the limit.
     */
    public static List<Contender> contenders(LineitemDatabase db, long volumeBytes) {
        return psqlInstalled() ? List.of(new Psql(db, volumeBytes), new CopyManagerRead(db, volumeBytes, "copy_manager"))
                : List.of(new CopyManagerRead(db, volumeBytes, "limit"));
    }

    private static boolean psqlInstalled() {
        try {
            return new ProcessBuilder("psql", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Psql(LineitemDatabase db, long volumeBytes) implements Contender {
        @Override
        public String part() {
            return "limit";
        }

        private List<String> command() {
            return List.of("psql", "-X", "-q", "-h", "localhost", "-p", String.valueOf(db.port()), "-U", db.user(), "-d", db.database(),
                    "-c", COPY);
        }

        @Override
        public long run(int round) throws Exception {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(command()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("psql " + COPY + " from localhost:" + db.port() + "/" + db.database() + " failed: exit code "
                        + (p.isAlive() ? "none (timed out after 30 min)" : p.exitValue()));
            }
            return System.nanoTime() - t;
        }

        @Override
        public Throughput result(long[] runNanos) {
            return new Throughput("COPY TO STDOUT (psql > /dev/null)", String.join(" ", command()) + " > /dev/null", runNanos,
                    db.rows(), volumeBytes, Map.of("rows_checked", "not applicable: the text is discarded"));
        }
    }

    private record CopyManagerRead(LineitemDatabase db, long volumeBytes, String part) implements Contender {
        @Override
        public long run(int round) throws Exception {
            long t = System.nanoTime();
            long bytes = copyOut(db);
            long took = System.nanoTime() - t;
            if (bytes != volumeBytes) {
                throw new IllegalStateException("CopyManager read " + bytes + " bytes of " + LineitemDatabase.TABLE + ", expected " + volumeBytes);
            }
            return took;
        }

        @Override
        public Throughput result(long[] runNanos) {
            return new Throughput("COPY TO STDOUT (PgJDBC CopyManager)", "CopyManager.copyOut(\"" + COPY
                    + "\") into a discarding OutputStream, in the benchmark's JVM", runNanos, db.rows(), volumeBytes,
                    Map.of("rows_checked", "byte count equal to the first read"));
        }
    }

    private static long copyOut(LineitemDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
            CountingStream out = new CountingStream();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY, out);
            return out.bytes;
        }
    }

    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
