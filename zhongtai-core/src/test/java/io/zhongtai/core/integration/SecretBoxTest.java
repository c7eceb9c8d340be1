package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsWithFreshNoncesAndBindsThePurpose() {
        SecretBox box = SecretBox.open(Map.of(), dir.resolve("secrets/master.key"));
        String a = box.encrypt("hunter2", "source:pg:password");
        String b = box.encrypt("hunter2", "source:pg:password");
        assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("hunter2");
        assertThat(box.decrypt(a, "source:pg:password")).isEqualTo("hunter2");
        assertThatThrownBy(() -> box.decrypt(a, "source:other:password"))
                .isInstanceOf(ZhongtaiException.class).hasMessageContaining("the master key is not the one it was encrypted with");
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndReused() throws Exception {
        Path key = dir.resolve("secrets/master.key");
        String sealed = SecretBox.open(Map.of(), key).encrypt("s3cret", "p");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(SecretBox.open(Map.of(), key).decrypt(sealed, "p")).isEqualTo("s3cret");
    }

    @Test
    void environmentKeyWinsAndAWrongKeyFailsClearly() {
        byte[] raw = new byte[32];
        raw[0] = 7;
        String env = Base64.getEncoder().encodeToString(raw);
        String sealed = SecretBox.open(Map.of(SecretBox.ENV_VAR, env), dir.resolve("k")).encrypt("x", "p");
        assertThat(Files.exists(dir.resolve("k"))).isFalse();
        assertThatThrownBy(() -> SecretBox.open(Map.of(), dir.resolve("k")).decrypt(sealed, "p"))
                .hasMessageContaining("Cannot decrypt secret for p");
        assertThatThrownBy(() -> SecretBox.open(Map.of(SecretBox.ENV_VAR, "AAAA"), dir.resolve("k")))
                .hasMessageContaining("must be 32 bytes");
    }
}
