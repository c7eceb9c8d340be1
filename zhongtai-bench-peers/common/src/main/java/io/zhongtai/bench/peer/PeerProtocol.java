package io.zhongtai.bench.peer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How SyncBench drives a peer, so that it can interleave the engines' runs (one run of each in turn, which spreads
 * the noise of a shared machine evenly): the peer prints {@code session_start_ms=N} once it is ready, then for each
 * line {@code run I} on standard input copies the table once into {@code <out>/run-I} and prints
 * {@code run=I ms=N dir=D}; end of input ends it.
 */
public final class PeerProtocol {
    /** One copy of the table into {@code dir}. */
    public interface Copy {
        void into(Path dir) throws Exception;
    }

    private PeerProtocol() {
    }

    public static void serve(PeerArgs args, long sessionStartNanos, Copy copy) throws Exception {
        System.out.printf("session_start_ms=%d%n", sessionStartNanos / 1_000_000);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            if (!line.startsWith("run ")) {
                throw new IllegalArgumentException("Unknown command '" + line + "': expected 'run <n>'");
            }
            int run = Integer.parseInt(line.substring(4).trim());
            Path dir = args.out().resolve("run-" + run);
            long start = System.nanoTime();
            copy.into(dir);
            System.out.printf("run=%d ms=%d dir=%s%n", run, (System.nanoTime() - start) / 1_000_000, dir);
        }
    }
}
