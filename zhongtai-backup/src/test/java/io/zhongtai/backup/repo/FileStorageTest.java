package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static io.zhongtai.backup.repo.RepositoryTest.CHEAP_KDF;
import static io.zhongtai.backup.repo.RepositoryTest.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileStorageTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetListAndDelete() {
        try (RepositoryStorage storage = RepositoryStorage.open(dir.resolve("repo").toUri(), null)) {
            assertThat(storage.location()).isEqualTo("file://" + dir.resolve("repo"));
            assertThat(storage.get("config")).isEmpty();
            assertThat(storage.list("data/")).isEmpty();

            storage.put("data/bb/b", bytes("b"));
            storage.put("data/aa/a", bytes("a"));
            storage.put("snapshots/s", bytes("s"));
            storage.put("data/aa/a", bytes("replaced"));
            assertThat(storage.get("data/aa/a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("replaced")));
            assertThat(storage.list("data/")).containsExactly("data/aa/a", "data/bb/b");
            assertThat(storage.list("data/a")).containsExactly("data/aa/a");
            assertThat(storage.list("")).containsExactly("data/aa/a", "data/bb/b", "snapshots/s");

            storage.delete("data/aa/a");
            storage.delete("data/aa/a");
            assertThat(storage.list("data/")).containsExactly("data/bb/b");
        }
    }

    @Test
    void deferredPutsAreDurableAndListedAfterFlushWithOrWithoutDirectIo() {
        for (boolean direct : new boolean[] {true, false}) {
            Path root = dir.resolve(direct ? "direct" : "buffered");
            try (FileStorage storage = new FileStorage(root, direct)) {
                for (int i = 0; i < 40; i++) {
                    // sizes around the 4 KiB blocks that direct writes pad to
                    storage.putDeferred("data/%02d/object".formatted(i), "x".repeat(4090 + i).getBytes(StandardCharsets.UTF_8));
                }
                storage.putDeferred("data/empty/object", new byte[0]);
                storage.flush();
                try (FileStorage other = new FileStorage(root)) {
                    assertThat(other.list("data/")).hasSize(41);
                    assertThat(other.get("data/07/object")).hasValueSatisfying(v -> assertThat(v).hasSize(4097).containsOnly('x'));
                    assertThat(other.get("data/empty/object")).hasValueSatisfying(v -> assertThat(v).isEmpty());
                }
                assertThat(root.resolve("tmp")).isEmptyDirectory();
            }
        }
    }

    @Test
    void aDeferredPutThatFailsIsReportedByFlushAndLeavesNothing() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/ab"), bytes("a file where the object's directory should be"));
        try (FileStorage storage = new FileStorage(dir)) {
            storage.putDeferred("data/ab/object", bytes("content"));
            assertThatThrownBy(storage::flush)
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INTERNAL))
                    .hasMessageStartingWith("Cannot write file://" + dir + "/data/ab/object: ");
            storage.flush();
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            assertThat(storage.list("data/")).containsExactly("data/ab");
        }
    }

    @Test
    void temporaryFilesAreNeverListedAndOldOnesAreRemoved() throws Exception {
        try (Repository repository = Repository.init(new FileStorage(dir), PASSPHRASE, 1024, CHEAP_KDF)) {
            assertThat(dir.resolve("tmp")).isEmptyDirectory();
            Path old = Files.writeString(dir.resolve("tmp/put-old.tmp"), "partial");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path recent = Files.writeString(dir.resolve("tmp/put-recent.tmp"), "in progress");

            assertThat(repository.storage().list("")).hasSize(2).first().isEqualTo("config");
            assertThat(repository.storage().list("tmp/")).isEmpty();
            assertThat(repository.removeStaleTemporaries()).isEqualTo(1);
            assertThat(old).doesNotExist();
            assertThat(recent).exists();
            assertThat(repository.removeStaleTemporaries()).isZero();
        }
    }

    @Test
    void keysMustBePlainRelativePaths() {
        FileStorage storage = new FileStorage(dir);
        for (String key : new String[] {"../escape", "/absolute", "data//x", "data/./x", "data\\x"}) {
            assertThatThrownBy(() -> storage.put(key, bytes("x")))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                    .hasMessage("Cannot use key '" + key + "' in backup repository file://" + dir + ": keys are relative "
                            + "paths of non-empty names other than . and .., separated by '/'");
        }
    }

    @Test
    void onlyFileAndS3LocationsOpen() {
        assertThatThrownBy(() -> RepositoryStorage.open(URI.create("ftp://host/backups"), null))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("Cannot open backup repository ftp://host/backups: only file:///absolute/path and "
                        + "s3://bucket/prefix locations are supported");
        assertThatThrownBy(() -> RepositoryStorage.open(URI.create("backups/here"), null))
                .hasMessage("Cannot open backup repository backups/here: only file:///absolute/path and s3://bucket/prefix "
                        + "locations are supported");
        assertThatThrownBy(() -> RepositoryStorage.open(URI.create("file://host/backups"), null))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("Cannot open backup repository file://host/backups: it is not a file URL with an absolute path "
                        + "(file:///absolute/path): URI has an authority component");
        assertThatThrownBy(() -> RepositoryStorage.open(URI.create("s3:///prefix"), null))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("Cannot open backup repository s3:///prefix: it names no bucket (use s3://bucket/prefix)");
    }
}
