package io.zhongtai.server;

import io.zhongtai.core.Platform;
import io.zhongtai.core.config.PlatformHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class StartupProbeIT {
    @TempDir
    Path home;

    @Test
    void probe() throws Exception {
        long t0 = System.nanoTime();
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of())) {
            long t1 = System.nanoTime();
            System.out.printf("PROBE platform open %d ms%n", (t1 - t0) / 1_000_000);
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                Map<String, String> props = new java.util.HashMap<>();
                for (String kv : System.getProperty("probe.props", "").split(",")) {
                    if (kv.contains("=")) props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                try (ZhongtaiServer server = ZhongtaiServer.start(platform, "127.0.0.1", 0, props)) {
                    long e = System.nanoTime();
                    long cpu1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    System.out.printf("PROBE cpu %d ms%n", (cpu1 - cpu0) / 1_000_000);
                    java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
                    var r = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    long f = System.nanoTime();
                    System.out.printf("PROBE start %d ms, first request %d ms (%d)%n", (e - s) / 1_000_000, (f - e) / 1_000_000, r.statusCode());
                }
            }
        }
    }
}
