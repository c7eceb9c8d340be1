package io.zhongtai.bench.sync;

import io.zhongtai.bench.Bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A peer engine (module {@code zhongtai-bench-peers/<module>}) running in its own JVM on the classpath its build
 * wrote to {@code target/classpath.txt}, driven over stdin/stdout (the peers' PeerProtocol): one {@code run N}
 * command per round. Its session start is reported apart from the runs. Every run's output is checked: its Parquet
 * files are counted with DuckDB and must hold exactly the source's rows.
 */
public final class PeerProcess implements Contender {
    /** The JDK 17 module openings Spark's own launcher adds (Spark's JavaModuleOptions). */
    private static final List<String> SPARK_JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    /** The peers SyncBench knows. */
    public enum Peer {
        SPARK("Apache Spark 4.2.0 local[4]", "spark", "io.zhongtai.bench.peer.SparkPeer", SPARK_JVM_OPTIONS,
                "spark.read.jdbc(4 partitions on l_orderkey, fetchsize 10000) -> write.parquet(compression zstd)"),
        FLINK("Apache Flink 2.2.0 MiniCluster p=4", "flink", "io.zhongtai.bench.peer.FlinkPeer", List.of(),
                "batch job on a local MiniCluster: flink-connector-jdbc-postgres 4.0.0-2.0 source (4 partitions on l_orderkey, "
                        + "fetch size 10000) -> filesystem sink, format parquet (flink-parquet bulk writer, parquet.compression ZSTD)");

        private final String title;
        private final String module;
        private final String mainClass;
        private final List<String> jvmOptions;
        private final String how;

        Peer(String title, String module, String mainClass, List<String> jvmOptions, String how) {
            this.title = title;
            this.module = module;
            this.mainClass = mainClass;
            this.jvmOptions = jvmOptions;
            this.how = how;
        }

        public String part() {
            return module;
        }

        public String title() {
            return title;
        }
    }

    private final Peer peer;
    private final LineitemDatabase db;
    private final long volumeBytes;
    private final Path log;
    private final Process process;
    private final BufferedReader output;
    private final Writer commands;
    private final long sessionStartMillis;
    private long parquetBytes;
    private String compression;

    /** Starts the peer's JVM and waits until its session is ready. */
    public PeerProcess(Peer peer, Path peersDir, LineitemDatabase db, Path workDir, int partitions, long volumeBytes) throws Exception {
        this.peer = requireNonNull(peer, "peer is null");
        this.db = requireNonNull(db, "db is null");
        this.volumeBytes = volumeBytes;
        Path module = peersDir.resolve(peer.module).toAbsolutePath();
        Path classpathFile = module.resolve("target/classpath.txt");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException("Cannot start the " + peer.title + " peer: " + classpathFile + " is missing; build it with "
                    + "./mvnw -B -Pbench -pl zhongtai-bench -am install -Dbench=SyncBench -DskipTests");
        }
        String classpath = module.resolve("target/classes") + File.pathSeparator + Files.readString(classpathFile).trim();
        Path out = workDir.resolve("peer-" + peer.module);
        Bench.deleteRecursively(out);
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g"));
        command.addAll(peer.jvmOptions);
        command.addAll(List.of("-cp", classpath, peer.mainClass, "--url", db.url(), "--user", db.user(),
                // the embedded server trusts its superuser; Flink's JDBC catalog insists on a non-empty password
                "--password", "unused", "--table", LineitemDatabase.TABLE, "--column", "l_orderkey",
                "--partitions", String.valueOf(partitions), "--out", out.toString()));
        log = workDir.resolve("peer-" + peer.module + ".log");
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        try {
            sessionStartMillis = Long.parseLong(awaitLine("session_start_ms").get("session_start_ms"));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public String part() {
        return peer.module;
    }

    @Override
    public long run(int round) throws Exception {
        commands.write("run " + round + "\n");
        commands.flush();
        Map<String, String> done = awaitLine("run");
        Path dir = Path.of(done.get("dir"));
        ParquetCount count = ParquetCount.ofDirectory(dir);
        if (count.rows() != db.rows()) {
            throw new IllegalStateException("The " + peer.title + " peer wrote " + count.rows() + " rows to " + dir + ", expected " + db.rows());
        }
        parquetBytes = count.bytes();
        compression = count.compression();
        Bench.deleteRecursively(dir);
        return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(done.get("ms")));
    }

    /** Echoes the peer's output until a line with field {@code key=...} arrives; returns that line's fields. */
    private Map<String, String> awaitLine(String key) throws Exception {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            System.out.printf("  [%s] %s%n", peer.module, line);
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : line.trim().split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            if (fields.containsKey(key)) {
                return fields;
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("The " + peer.title + " peer ended before reporting '" + key + "' (exit code "
                + (process.isAlive() ? "none" : process.exitValue()) + "); see " + log);
    }

    @Override
    public Throughput result(long[] runNanos) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("session_start_s", sessionStartMillis / 1000.0);
        extra.put("parquet_bytes", parquetBytes);
        extra.put("parquet_compression", compression);
        extra.put("rows_checked", "every run's Parquet files counted with DuckDB");
        extra.put("log", log.toString());
        return new Throughput(peer.title, peer.how, runNanos, db.rows(), volumeBytes, extra);
    }

    /** Closes the peer's input (it then stops) and waits for it; a peer that hangs is killed. */
    @Override
    public void close() throws Exception {
        try {
            commands.close();
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
