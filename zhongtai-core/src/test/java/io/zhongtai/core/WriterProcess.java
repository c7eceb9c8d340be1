package io.zhongtai.core;

import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SqlResult;

import java.util.List;
import java.util.Map;

/**
 * A separate writer process for the multi-process tests:
 * {@code append <home> <table> <writer> <count>} runs that many single-row INSERTs;
 * {@code load <home> <table> <file>} loads one file.
 */
public final class WriterProcess {
    private WriterProcess() {
    }

    public static void main(String[] args) {
        try (Platform platform = Platform.open(PlatformHome.resolve(args[1], Map.of()), Map.of())) {
            Session session = Session.of(Identity.localUser());
            switch (args[0]) {
                case "append" -> {
                    for (int i = 0; i < Integer.parseInt(args[4]); i++) {
                        try (SqlResult r = platform.sessions().execute(session,
                                "INSERT INTO " + args[2] + " VALUES (" + args[3] + ", " + i + ")")) {
                            r.summary();
                        }
                    }
                }
                case "load" -> platform.sessions().load(session, new LoadRequest(TableName.parse(args[2], "ods"), List.of(args[3]),
                        null, LoadRequest.Mode.APPEND, false, 0, null, null), ProgressListener.NONE);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
        System.out.println("done");
    }

    /**
     * Starts this class in a new JVM with the current classpath. Output goes to a file (a full pipe
     * would block the writer); {@link #output} reads it.
     */
    public static Process start(String... args) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName()));
        command.addAll(List.of(args));
        java.io.File log = java.io.File.createTempFile("zhongtai-writer-", ".log");
        log.deleteOnExit();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        LOGS.put(p, log.toPath());
        return p;
    }

    private static final Map<Process, java.nio.file.Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a started writer printed. */
    public static String output(Process p) throws java.io.IOException {
        return java.nio.file.Files.readString(LOGS.get(p));
    }
}
