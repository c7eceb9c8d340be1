package io.zhongtai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zhongtai.bench.sync.CdcLatency;
import io.zhongtai.bench.sync.Contender;
import io.zhongtai.bench.sync.ExtractionLimit;
import io.zhongtai.bench.sync.KafkaIngest;
import io.zhongtai.bench.sync.LineitemDatabase;
import io.zhongtai.bench.sync.PeerProcess;
import io.zhongtai.bench.sync.Throughput;
import io.zhongtai.bench.sync.ZhongtaiFullSync;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.session.Session;

import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.zhongtai.bench.Bench.option;

/**
 * Data integration throughput and latency, all in one run on one machine:
 * <ol>
 * <li>TPC-H lineitem in an embedded PostgreSQL, copied out {@code runs} times each (median counts) by: the extraction
 *     limit ({@code COPY TO STDOUT} into /dev/null), Zhongtai's full sync into {@code ods} (in-process, platform API),
 *     Spark local and a Flink MiniCluster job (each in its own JVM, JDBC to Parquet); every output's rows are counted;</li>
 * <li>CDC commit-to-queryable latency at a sustained change rate;</li>
 * <li>Kafka topic to table throughput.</li>
 * </ol>
 * Prints a table of every figure and ratio and writes them to {@code <dir>/sync-bench-<time>.json}. A part that
 * fails is reported as missing with its reason; the others still run.
 * Usage: {@code SyncBench [--sf 1] [--runs 3] [--dir target/sync-bench] [--peers zhongtai-bench-peers] [--parallelism 4]
 * [--only limit,zhongtai,spark,flink,cdc,kafka] [--cdc-rate 5000] [--cdc-seconds 60] [--kafka-messages 2000000]}.
 */
public final class SyncBench {
    private static final Set<String> PARTS = Set.of("limit", "zhongtai", "spark", "flink", "cdc", "kafka");

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        double sf = Double.parseDouble(option(args, "--sf", "1"));
        int runs = Integer.parseInt(option(args, "--runs", "3"));
        Path dir = Path.of(option(args, "--dir", "target/sync-bench")).toAbsolutePath();
        Path peers = Path.of(option(args, "--peers", "zhongtai-bench-peers")).toAbsolutePath();
        int parallelism = Integer.parseInt(option(args, "--parallelism", "4"));
        List<String> only = List.of(option(args, "--only", String.join(",", PARTS)).split(","));
        if (!PARTS.containsAll(only)) {
            throw new IllegalArgumentException("Unknown part in --only " + only + ": use any of " + PARTS);
        }
        int cdcRate = Integer.parseInt(option(args, "--cdc-rate", "5000"));
        int cdcSeconds = Integer.parseInt(option(args, "--cdc-seconds", "60"));
        long kafkaMessages = Long.parseLong(option(args, "--kafka-messages", "2000000"));
        Files.createDirectories(dir);
        // Two runs in one directory would delete each other's platform home and skew each other's figures.
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("Cannot start SyncBench: another run is using " + dir + " (it holds " + dir.resolve(".lock") + ")");
            }
            run(dir, peers, sf, runs, parallelism, only, cdcRate, cdcSeconds, kafkaMessages);
        }
    }

    private static void run(Path dir, Path peers, double sf, int runs, int parallelism, List<String> only, int cdcRate, int cdcSeconds,
                            long kafkaMessages) throws Exception {
        Report report = new Report(sf, runs, parallelism);
        Path home = dir.resolve("home");
        Bench.deleteRecursively(home);
        Session session = Session.of(Identity.localUser());
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of())) {
            if (only.stream().anyMatch(p -> Set.of("limit", "zhongtai", "spark", "flink").contains(p))) {
                fullSync(report, platform, session, dir, peers, sf, runs, parallelism, only);
            }
            if (only.contains("cdc")) {
                System.out.printf("%n== CDC latency: %,d changes/s for %d s%n", cdcRate, cdcSeconds);
                report.attempt("cdc", () -> report.cdc = CdcLatency.run(platform, session, cdcRate, cdcSeconds));
            }
            if (only.contains("kafka")) {
                System.out.printf("%n== Kafka -> table: %,d messages%n", kafkaMessages);
                report.attempt("kafka", () -> report.kafka = KafkaIngest.run(platform, session, kafkaMessages, parallelism));
            }
        }
        report.print();
        Path json = dir.resolve("sync-bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report.toJson());
        System.out.println("\nfigures written to " + json);
    }

    /**
     * Starts every requested contender, then runs them in rounds (each once per round, in turn), so that the load of
     * other work on a shared machine falls on all of them alike. A contender that fails is reported missing.
     */
    private static void fullSync(Report report, Platform platform, Session session, Path dir, Path peers, double sf, int runs,
                                 int parallelism, List<String> only) throws Exception {
        System.out.printf("%n== TPC-H SF %s lineitem from PostgreSQL, %d rounds%n", sf, runs);
        try (LineitemDatabase db = LineitemDatabase.start(dir, sf)) {
            report.sourceRows = db.rows();
            long volume = ExtractionLimit.volumeBytes(db);
            report.volumeBytes = volume;
            List<Contender> contenders = new ArrayList<>();
            try {
                if (only.contains("limit")) {
                    contenders.addAll(ExtractionLimit.contenders(db, volume));
                }
                if (only.contains("zhongtai")) {
                    report.attempt("zhongtai", () -> contenders.add(new ZhongtaiFullSync(platform, session, db, parallelism, volume)));
                }
                for (PeerProcess.Peer peer : PeerProcess.Peer.values()) {
                    if (only.contains(peer.part())) {
                        System.out.printf("starting the %s peer%n", peer.title());
                        report.attempt(peer.part(), () -> contenders.add(new PeerProcess(peer, peers, db, dir, parallelism, volume)));
                    }
                }
                Map<Contender, List<Long>> times = new LinkedHashMap<>();
                contenders.forEach(c -> times.put(c, new ArrayList<>()));
                for (int round = 1; round <= runs; round++) {
                    for (Contender c : List.copyOf(times.keySet())) {
                        int r = round;
                        boolean ok = report.attempt(c.part(), () -> {
                            long took = c.run(r);
                            times.get(c).add(took);
                            System.out.printf("  round %d %-12s %s%n", r, c.part(), Bench.seconds(took));
                        });
                        if (!ok) {
                            times.remove(c);
                        }
                    }
                }
                for (Map.Entry<Contender, List<Long>> e : times.entrySet()) {
                    report.attempt(e.getKey().part(), () -> report.full.put(e.getKey().part(),
                            e.getKey().result(e.getValue().stream().mapToLong(Long::longValue).toArray())));
                }
            } finally {
                for (Contender c : contenders) {
                    report.attempt(c.part(), c::close);
                }
            }
        }
    }

    /** Everything measured, printed as one table and written as JSON. */
    private static final class Report {
        final double sf;
        final int runs;
        final int parallelism;
        long sourceRows;
        long volumeBytes;
        /** Full-sync figures by part: limit, copy_manager, zhongtai, spark, flink. */
        final Map<String, Throughput> full = new LinkedHashMap<>();
        CdcLatency.Result cdc;
        KafkaIngest.Result kafka;
        final Map<String, String> missing = new LinkedHashMap<>();

        Report(double sf, int runs, int parallelism) {
            this.sf = sf;
            this.runs = runs;
            this.parallelism = parallelism;
        }

        /** Runs work of one part; a failure is recorded as that part missing, with the reason, and returns false. */
        boolean attempt(String part, Bench.Work work) {
            try {
                work.run();
                return true;
            } catch (Exception | Error e) {
                String reason = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
                missing.putIfAbsent(part, reason);
                System.out.printf("!! %s: MISSING - %s%n", part, reason);
                e.printStackTrace(System.out);
                return false;
            }
        }

        void print() {
            System.out.printf("%n== SyncBench results%s%n", sourceRows == 0 ? "" : String.format(
                    " (TPC-H SF %s lineitem, %,d rows, %.1f MB as COPY text; median of %d runs)", sf, sourceRows, volumeBytes / 1e6, runs));
            if (!full.isEmpty()) {
                System.out.printf("%-44s %9s %12s %8s  %s%n", "measurement", "median", "rows/s", "MB/s", "runs");
            }
            for (Throughput t : full.values()) {
                Object session = t.extra().get("session_start_s");
                System.out.printf("%-44s %9s %,12.0f %8.1f  %s%s%n", t.name(), Bench.seconds(t.medianNanos()), t.rowsPerSecond(),
                        t.megabytesPerSecond(), String.join(", ", t.runs()), session == null ? "" : " (session start " + session + " s, not included)");
            }
            Throughput zhongtai = full.get("zhongtai");
            Throughput limit = full.get("limit");
            if (zhongtai != null && limit != null) {
                System.out.printf("%-44s %9.2f   (target >= 0.70)%n", "Zhongtai / extraction limit (throughput)", ratio(limit, zhongtai));
            }
            for (PeerProcess.Peer peer : PeerProcess.Peer.values()) {
                Throughput t = full.get(peer.part());
                if (zhongtai != null && t != null) {
                    System.out.printf("%-44s %8.2fx   (target >= 2x)%n", "Zhongtai speed-up over " + peer.part(), ratio(t, zhongtai));
                }
            }
            if (cdc != null) {
                System.out.printf("%-44s p50 %,d ms, p95 %,d ms, p99 %,d ms, max %,d ms at %,.0f changes/s achieved (%,d changes; "
                                + "target p95 <= 2,000 ms at %,d/s)%n", "CDC commit-to-queryable latency", cdc.percentile(50), cdc.percentile(95),
                        cdc.percentile(99), cdc.percentile(100), cdc.achievedRate(), cdc.changes(), cdc.targetRate());
                System.out.printf("%-44s %,d of %,d changes seen; lakehouse %,d rows, source %,d rows: %s%n", "CDC row check", cdc.seen(),
                        cdc.changes(), cdc.tableRows(), cdc.sourceRows(), cdc.rowsMatch() ? "match" : "MISMATCH");
            }
            if (kafka != null) {
                System.out.printf("%-44s %,12.0f records/s (%,d records to the last commit in %s; whole call with idle stop %s; "
                                + "target >= 200,000)%n", "Kafka -> table", kafka.recordsPerSecond(), kafka.messages(),
                        Bench.seconds(kafka.toLastCommitNanos()), Bench.seconds(kafka.callNanos()));
            }
            missing.forEach((part, reason) -> System.out.printf("%-44s MISSING: %s%n", part, reason));
        }

        /** How many times faster {@code fast} is than {@code slow} (median times). */
        static double ratio(Throughput slow, Throughput fast) {
            return (double) slow.medianNanos() / fast.medianNanos();
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("date", LocalDateTime.now().toString());
            json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                    "memory_gib", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getTotalMemorySize() / (1L << 30), "java", System.getProperty("java.vm.name") + " " + Runtime.version(),
                    "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
            json.put("sf", sf);
            json.put("runs", runs);
            json.put("parallelism", parallelism);
            json.put("source_rows", sourceRows);
            json.put("volume_bytes_copy_text", volumeBytes);
            Map<String, Object> figures = new LinkedHashMap<>();
            full.forEach((part, t) -> figures.put(part, t.toJson()));
            json.put("full_sync", figures);
            Map<String, Object> ratios = new LinkedHashMap<>();
            Throughput zhongtai = full.get("zhongtai");
            if (zhongtai != null && full.containsKey("limit")) {
                ratios.put("zhongtai_over_limit", ratio(full.get("limit"), zhongtai));
            }
            for (PeerProcess.Peer peer : PeerProcess.Peer.values()) {
                if (zhongtai != null && full.containsKey(peer.part())) {
                    ratios.put("zhongtai_speedup_over_" + peer.part(), ratio(full.get(peer.part()), zhongtai));
                }
            }
            json.put("ratios", ratios);
            Optional.ofNullable(cdc).ifPresent(c -> json.put("cdc", c.toJson()));
            Optional.ofNullable(kafka).ifPresent(k -> json.put("kafka", k.toJson()));
            json.put("missing", missing);
            return json;
        }
    }
}
