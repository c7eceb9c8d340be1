package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.Kind;
import io.zhongtai.testkit.TestingS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static io.zhongtai.backup.repo.RepositoryTest.CHEAP_KDF;
import static io.zhongtai.backup.repo.RepositoryTest.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3StorageTest {
    private static TestingS3 s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new TestingS3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static RepositoryStorage open(String prefix) {
        return RepositoryStorage.open(URI.create("s3://" + TestingS3.BUCKET + "/" + prefix),
                new S3Options(s3.endpoint(), null, s3.accessKey(), s3.secretKey(), true));
    }

    @Test
    void storageKeysLiveUnderThePrefix() {
        try (RepositoryStorage storage = open("keys-test/")) {
            assertThat(storage.location()).isEqualTo("s3://warehouse/keys-test");
            assertThat(storage.get("config")).isEmpty();
            storage.put("data/bb/b", "b".getBytes(StandardCharsets.UTF_8));
            storage.put("data/aa/a", "a".getBytes(StandardCharsets.UTF_8));
            storage.put("data/aa/a", "replaced".getBytes(StandardCharsets.UTF_8));
            assertThat(storage.get("data/aa/a")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("replaced"));
            assertThat(storage.list("data/")).containsExactly("data/aa/a", "data/bb/b");
            assertThat(s3.keys("keys-test/")).containsExactly("keys-test/data/aa/a", "keys-test/data/bb/b");
            storage.delete("data/aa/a");
            storage.delete("data/aa/a");
            assertThat(storage.list("")).containsExactly("data/bb/b");
            assertThat(storage.removeTemporariesOlderThan(java.time.Duration.ZERO)).isZero();
        }
    }

    @Test
    void initOpenAndRestoreAFile() {
        byte[] content = new byte[3000];
        new Random(1).nextBytes(content);
        FileRef file;
        String id;
        try (Repository repository = Repository.init(open("round-trip"), PASSPHRASE, 1024, CHEAP_KDF)) {
            id = repository.id();
            file = repository.putFile(new ByteArrayInputStream(content), stored -> {});
            repository.saveManifest("b1", "{\"files\":3}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(s3.keys("round-trip/")).hasSize(1 + 1 + 3 + 1).contains("round-trip/config", "round-trip/snapshots/b1");
        try (Repository repository = Repository.open(open("round-trip"), PASSPHRASE)) {
            assertThat(repository.id()).isEqualTo(id);
            assertThat(repository.objectIds()).containsExactlyInAnyOrderElementsOf(file.chunks());
            ByteArrayOutputStream restored = new ByteArrayOutputStream();
            repository.readFile(file, restored);
            assertThat(restored.toByteArray()).isEqualTo(content);
            assertThat(repository.manifestIds()).containsExactly("b1");
            try (RepositoryLock lock = repository.lock(LockMode.EXCLUSIVE, "prune")) {
                assertThat(s3.keys("round-trip/locks/")).containsExactly("round-trip/locks/" + lock.id());
            }
            assertThat(s3.keys("round-trip/locks/")).isEmpty();
        }
    }

    @Test
    void errorsOfAnS3RepositoryNameIt() {
        try (Repository repository = Repository.init(open("errors"), PASSPHRASE, 1024, CHEAP_KDF)) {
            String id = repository.put(new byte[] {1, 2, 3}).id();
            s3.put("errors/" + Repository.objectKey(id), new byte[40]);
            assertThatThrownBy(() -> repository.get(id))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessageStartingWith("Backup object data/" + id.substring(0, 2) + "/" + id + " in s3://warehouse/errors "
                            + "is corrupted: it has format version 0, this version reads 1");
        }
        assertThatThrownBy(() -> Repository.init(open("errors"), PASSPHRASE, 1024, CHEAP_KDF))
                .hasMessage("Cannot initialise backup repository s3://warehouse/errors: it already holds a repository");
        assertThatThrownBy(() -> Repository.open(open("errors"), "wrong".toCharArray()))
                .hasMessage("Cannot open backup repository s3://warehouse/errors: the passphrase is wrong (no key in keys/ "
                        + "opens with it)");
        assertThatThrownBy(() -> Repository.open(open("nothing"), PASSPHRASE))
                .hasMessage("Cannot open backup repository s3://warehouse/nothing: no repository there (no config)");
    }

    @Test
    void wrongCredentialsAreASourceError() {
        RepositoryStorage storage = RepositoryStorage.open(URI.create("s3://warehouse/denied"),
                new S3Options(s3.endpoint(), "us-east-1", s3.accessKey(), "not-the-secret", true));
        try (storage) {
            assertThatThrownBy(() -> storage.get("config"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SOURCE_ERROR))
                    .hasMessageStartingWith("Cannot read s3://warehouse/denied/config: ");
        }
    }
}
