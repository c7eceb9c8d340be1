package io.zhongtai.cli.sync;

import io.zhongtai.cli.Main;
import io.zhongtai.testkit.TestingPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDC end to end through the command line: {@code zhongtai sync pg --mode cdc --follow} runs as a child JVM while
 * this test keeps writing inserts, updates and deletes into PostgreSQL; the child is killed with SIGKILL twice in
 * mid-stream and started again, and once the writes stop and it caught up, the lakehouse table must equal the
 * source table row for row (nothing lost, nothing twice, deletes applied).
 */
class CdcRestartIT {
    private static final String USER = "cdc_user";
    private static final String PASSWORD = "cdc-pw";

    @TempDir
    Path home;

    private TestingPostgres postgres;
    private String url;
    private Process child;
    private int childRuns;

    @BeforeEach
    void start() throws IOException {
        postgres = TestingPostgres.withLogicalReplication();
        url = postgres.createDatabase();
        postgres.createUser(USER, PASSWORD);
        postgres.grantAll(url, USER);
        postgres.execute(url, "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, note text NOT NULL)",
                "INSERT INTO t SELECT i, i, 'seed ' || i FROM generate_series(1, 50) i",
                "ALTER TABLE t OWNER TO " + USER);
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        postgres.close();
    }

    @Test
    void killedSyncResumesWithoutLosingOrRepeatingChanges() throws Exception {
        String database = url.substring(url.lastIndexOf('/') + 1);
        Run added = cli(Map.of("PG_PASSWORD", PASSWORD), "source", "add", "pg", "--type", "postgres",
                "--set", "host=localhost", "--set", "port=" + postgres.port(), "--set", "database=" + database,
                "--set", "user=" + USER, "--secret", "password=PG_PASSWORD");
        assertThat(added.code()).as(added.toString()).isZero();

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> write(writing, writes), "cdc-writer");
        writer.start();
        try {
            startChild();
            long seen = waitForLakehouseRows(1, Duration.ofSeconds(30));
            for (int kill = 0; kill < 2; kill++) {
                // let it commit more changes after the (re)start, then kill it in mid-stream
                long before = writes.get();
                waitForLakehouseChange(seen, Duration.ofSeconds(30));
                while (writes.get() < before + 30) {
                    Thread.sleep(20);
                }
                child.destroyForcibly().waitFor();
                seen = lakehouseRows();
                startChild();
            }
            Thread.sleep(1_000);
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(writes.get()).as("changes written during the test").isGreaterThan(60);

        TreeMap<Integer, String> expected = sourceRows();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TreeMap<Integer, String> actual = lakehouse();
        while (!actual.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(300);
            assertThat(child.isAlive()).as("sync child alive; its output:%n%s", childOutput()).isTrue();
            actual = lakehouse();
        }
        child.destroy(); // SIGTERM: stops after committing the batch in progress
        child.waitFor();
        assertThat(differences(expected, actual)).as("lakehouse table vs source (%d rows) after %d sync runs; child output:%n%s",
                expected.size(), childRuns, childOutput()).isEmpty();
        Run count = cli(Map.of(), "sql", "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM ods.pg_t", "--format", "csv");
        assertThat(count.out()).as("no duplicate rows").contains(expected.size() + "," + expected.size());
    }

    /** Rows missing from the lakehouse, there but deleted in the source, or with other values, by id. */
    private static List<String> differences(TreeMap<Integer, String> expected, TreeMap<Integer, String> actual) {
        List<String> out = new ArrayList<>();
        expected.forEach((id, row) -> {
            if (!actual.containsKey(id)) {
                out.add(id + " missing (" + row + ")");
            } else if (!actual.get(id).equals(row)) {
                out.add(id + " is " + actual.get(id) + ", source has " + row);
            }
        });
        actual.keySet().stream().filter(id -> !expected.containsKey(id)).forEach(id -> out.add(id + " deleted in the source"));
        return out;
    }

    /** Inserts new rows, updates and deletes existing ones, one statement per transaction, until told to stop. */
    private void write(AtomicBoolean writing, AtomicLong writes) {
        Random random = new Random(42);
        int next = 51;
        try (Connection c = DriverManager.getConnection(url, postgres.user(), ""); Statement s = c.createStatement()) {
            while (writing.get()) {
                int op = random.nextInt(10);
                int id = 1 + random.nextInt(next - 1);
                if (op < 4) {
                    s.execute("INSERT INTO t VALUES (" + next + ", " + next + ", 'row " + next + "')");
                    next++;
                } else if (op < 8) {
                    s.execute("UPDATE t SET v = v + 1, note = 'updated " + writes.get() + "' WHERE id = " + id);
                } else {
                    s.execute("DELETE FROM t WHERE id = " + id);
                }
                writes.incrementAndGet();
                Thread.sleep(8);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("Writer failed after " + writes.get() + " changes", e);
        }
    }

    private void startChild() throws IOException {
        childRuns++;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and serial GC: the child mostly starts up, on a machine the test shares with PostgreSQL
        ProcessBuilder builder = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--home", home.toString(), "sync", "pg", "--tables", "public.t", "--mode", "cdc",
                "--follow", "--commit-interval", "200ms");
        builder.environment().remove("ZHONGTAI_HOME");
        builder.environment().remove("ZHONGTAI_SERVER");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("child.log").toFile()));
        child = builder.start();
    }

    private String childOutput() {
        try {
            String log = Files.readString(home.resolve("child.log"));
            return log.length() > 6_000 ? log.substring(log.length() - 6_000) : log;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private long waitForLakehouseRows(long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = lakehouseRows();
        while (rows < atLeast) {
            assertThat(System.nanoTime()).as("lakehouse rows within %s; child output:%n%s", timeout, childOutput()).isLessThan(deadline);
            assertThat(child.isAlive()).as("sync child alive; its output:%n%s", childOutput()).isTrue();
            Thread.sleep(200);
            rows = lakehouseRows();
        }
        return rows;
    }

    private void waitForLakehouseChange(long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lakehouseRows() == rows) {
            assertThat(System.nanoTime()).as("a new commit within %s; child output:%n%s", timeout, childOutput()).isLessThan(deadline);
            assertThat(child.isAlive()).as("sync child alive; its output:%n%s", childOutput()).isTrue();
            Thread.sleep(200);
        }
    }

    /** Row count of the lakehouse table; -1 while it does not exist. */
    private long lakehouseRows() {
        Run run = cli(Map.of(), "sql", "SELECT count(*) FROM ods.pg_t", "--format", "csv");
        if (run.code() != 0) {
            return -1;
        }
        String[] lines = run.out().strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip());
    }

    private TreeMap<Integer, String> lakehouse() {
        Run run = cli(Map.of(), "sql", "SELECT id, v, note FROM ods.pg_t ORDER BY id", "--format", "csv");
        assertThat(run.code()).as(run.toString()).isZero();
        TreeMap<Integer, String> rows = new TreeMap<>();
        List<String> lines = new ArrayList<>(List.of(run.out().strip().split("\n")));
        lines.remove(0); // header
        for (String line : lines) {
            String[] cells = line.split(",", 2);
            rows.put(Integer.parseInt(cells[0]), cells[1]);
        }
        return rows;
    }

    private TreeMap<Integer, String> sourceRows() throws SQLException {
        TreeMap<Integer, String> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, postgres.user(), ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v, note FROM t")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getInt(2) + "," + rs.getString(3));
            }
        }
        return rows;
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the command line in this JVM on the test's home. */
    private Run cli(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main(env, new ByteArrayInputStream(new byte[0])));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
