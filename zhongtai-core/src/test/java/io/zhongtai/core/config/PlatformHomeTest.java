package io.zhongtai.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformHomeTest {
    @TempDir
    Path temp;

    @Test
    void explicitDirectoryWinsOverEnvironmentWinsOverUserHome() {
        Map<String, String> env = Map.of("ZHONGTAI_HOME", temp.resolve("from-env").toString());

        assertThat(PlatformHome.resolve(temp.resolve("explicit").toString(), env).dir()).isEqualTo(temp.resolve("explicit"));
        assertThat(PlatformHome.resolve(null, env).dir()).isEqualTo(temp.resolve("from-env"));
        assertThat(PlatformHome.resolve(" ", env).dir()).isEqualTo(temp.resolve("from-env"));
        assertThat(PlatformHome.resolve(null, Map.of()).dir()).isEqualTo(Path.of(System.getProperty("user.home"), ".zhongtai"));
        assertThat(PlatformHome.resolve(null, Map.of("ZHONGTAI_HOME", "")).dir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".zhongtai"));
    }

    @Test
    void filesLiveInsideTheHomeDirectory() {
        PlatformHome home = PlatformHome.resolve(temp + "/a/../home", Map.of());

        assertThat(home.dir()).isEqualTo(temp.resolve("home"));
        assertThat(home.configFile()).isEqualTo(temp.resolve("home/zhongtai.yaml"));
        assertThat(home.warehouseDir()).isEqualTo(temp.resolve("home/warehouse"));
        assertThat(home.metadataDbFile()).isEqualTo(temp.resolve("home/metadata.db"));
    }

    @Test
    void initializeWritesTheDefaultConfigurationOnce() throws IOException {
        PlatformHome home = PlatformHome.resolve(temp.resolve("new/home").toString(), Map.of());

        assertThat(home.initialize()).isTrue();
        assertThat(Files.readString(home.configFile())).startsWith("# Zhongtai configuration.");

        Files.writeString(home.configFile(), "server:\n  port: 8080\n");
        assertThat(home.initialize()).isFalse();
        assertThat(Files.readString(home.configFile())).isEqualTo("server:\n  port: 8080\n");
    }
}
