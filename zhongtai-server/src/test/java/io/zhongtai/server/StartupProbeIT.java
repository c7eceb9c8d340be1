package io.zhongtai.server;

import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class StartupProbeIT {
    @TempDir
    Path home;

    @Test
    void probe() throws Exception {
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of())) {
            Files.writeString(Path.of("/tmp/probe/token"), platform.tokens().create("probe", Identity.localUser()).secret());
            try (ZhongtaiServer server = ZhongtaiServer.start(platform, "127.0.0.1", 17070)) {
                Files.writeString(Path.of("/tmp/probe/ready"), server.url());
                long until = System.currentTimeMillis() + Long.getLong("probe.seconds", 120) * 1000;
                while (System.currentTimeMillis() < until && !Files.exists(Path.of("/tmp/probe/stop"))) {
                    Thread.sleep(200);
                }
            }
        }
    }
}
