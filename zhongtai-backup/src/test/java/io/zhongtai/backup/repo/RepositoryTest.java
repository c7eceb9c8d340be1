package io.zhongtai.backup.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryTest {
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    /** Argon2id at 1 MiB and one pass: milliseconds instead of the default's tenths of a second. */
    static final KdfParameters CHEAP_KDF = new KdfParameters(1024, 1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Repository init(int chunkSize) {
        return Repository.init(new FileStorage(dir), PASSPHRASE, chunkSize, CHEAP_KDF);
    }

    private Repository reopen() {
        return Repository.open(new FileStorage(dir), PASSPHRASE);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void initWritesConfigAndAKeyWithTheDefaultArgon2ParametersAndOpenFindsTheSameRepository() throws Exception {
        String id;
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        String objectId;
        try (Repository repository = Repository.init(new FileStorage(dir), PASSPHRASE)) {
            id = repository.id();
            objectId = repository.put(content).id();
            assertThat(repository.location()).isEqualTo("file://" + dir.toAbsolutePath());
        }
        JsonNode config = JSON.readTree(dir.resolve("config").toFile());
        assertThat(config.get("version").asInt()).isEqualTo(1);
        assertThat(config.get("id").asText()).isEqualTo(id);
        assertThat(config.get("chunk_size").asInt()).isEqualTo(8388608);
        assertThat(config.get("compression").asText()).isEqualTo("zstd-1");

        List<Path> keys = Files.list(dir.resolve("keys")).toList();
        assertThat(keys).hasSize(1);
        byte[] keyBytes = Files.readAllBytes(keys.get(0));
        assertThat(keys.get(0).getFileName().toString()).isEqualTo(sha256(keyBytes));
        JsonNode key = JSON.readTree(keyBytes);
        List<String> fields = new ArrayList<>();
        key.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("kdf", "memory_kib", "iterations", "parallelism", "salt", "nonce", "master", "created_at");
        assertThat(key.get("kdf").asText()).isEqualTo("argon2id");
        assertThat(key.get("memory_kib").asInt()).isEqualTo(65536);
        assertThat(key.get("iterations").asInt()).isEqualTo(3);
        assertThat(key.get("parallelism").asInt()).isEqualTo(1);
        assertThat(key.get("salt").binaryValue()).hasSize(16);
        assertThat(key.get("nonce").binaryValue()).hasSize(12);
        assertThat(key.get("master").binaryValue()).hasSize(64 + 16);

        try (Repository repository = reopen()) {
            assertThat(repository.id()).isEqualTo(id);
            assertThat(repository.get(objectId)).isEqualTo(content);
        }
    }

    @Test
    void keyFilesWithOtherArgon2ParametersStillOpen() throws Exception {
        try (Repository repository = Repository.init(new FileStorage(dir), PASSPHRASE, 1024, new KdfParameters(2048, 2, 2))) {
            repository.saveManifest("b1", "{}".getBytes(StandardCharsets.UTF_8));
        }
        JsonNode key = JSON.readTree(Files.list(dir.resolve("keys")).findFirst().orElseThrow().toFile());
        assertThat(key.get("memory_kib").asInt()).isEqualTo(2048);
        assertThat(key.get("iterations").asInt()).isEqualTo(2);
        assertThat(key.get("parallelism").asInt()).isEqualTo(2);
        try (Repository repository = reopen()) {
            assertThat(new String(repository.readManifest("b1"), StandardCharsets.UTF_8)).isEqualTo("{}");
        }
    }

    @Test
    void openWithAWrongPassphraseFails() {
        init(1024).close();
        assertThatThrownBy(() -> Repository.open(new FileStorage(dir), "wrong".toCharArray()))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("Cannot open backup repository file://" + dir + ": the passphrase is wrong (no key in keys/ opens with it)");
    }

    @Test
    void openNamesKeyFilesThatCannotBeRead() throws Exception {
        init(1024).close();
        Files.writeString(dir.resolve("keys/broken"), "{\"kdf\":\"scrypt\"}");
        assertThatThrownBy(() -> Repository.open(new FileStorage(dir), "wrong".toCharArray()))
                .hasMessage("Cannot open backup repository file://" + dir + ": the passphrase is wrong (no key in keys/ "
                        + "opens with it); unreadable key files: [keys/broken: its kdf is scrypt, not argon2id]");
        try (Repository repository = reopen()) {
            assertThat(repository.objectIds()).isEmpty();
        }
    }

    @Test
    void openOfALocationWithoutRepositoryFails() {
        assertThatThrownBy(() -> Repository.open(new FileStorage(dir.resolve("nothing")), PASSPHRASE))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("Cannot open backup repository file://" + dir.resolve("nothing") + ": no repository there (no config)");
    }

    @Test
    void openRefusesAnotherFormatVersion() throws Exception {
        init(1024).close();
        Files.writeString(dir.resolve("config"), "{\"version\":2,\"id\":\"x\",\"chunk_size\":1024,\"compression\":\"zstd-1\"}");
        assertThatThrownBy(this::reopen)
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("Cannot open backup repository file://" + dir + ": it has format version 2, this version of "
                        + "Zhongtai reads version 1");
    }

    @Test
    void initTwiceFails() {
        init(1024).close();
        assertThatThrownBy(() -> init(1024))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessage("Cannot initialise backup repository file://" + dir + ": it already holds a repository");
    }

    @Test
    void initRefusesAnEmptyPassphrase() {
        assertThatThrownBy(() -> Repository.init(new FileStorage(dir), new char[0]))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("Cannot initialise backup repository file://" + dir + ": the passphrase is empty");
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void sameContentIsStoredOnce() {
        try (Repository repository = init(1024)) {
            byte[] content = random(1000, 1);
            StoredObject first = repository.put(content);
            StoredObject second = repository.put(content.clone());
            assertThat(first.added()).isTrue();
            assertThat(first.plainBytes()).isEqualTo(1000);
            assertThat(first.storedBytes()).isEqualTo(dir.resolve(Repository.objectKey(first.id())).toFile().length());
            assertThat(second).isEqualTo(new StoredObject(first.id(), 1000, 0, false));
            assertThat(first.id()).matches("[0-9a-f]{64}");
            assertThat(repository.objectIds()).containsExactly(first.id());
            assertThat(repository.contains(first.id())).isTrue();
        }
        try (Repository repository = reopen()) {
            assertThat(repository.put(random(1000, 1)).added()).isFalse();
        }
    }

    @Test
    void concurrentPutsOfTheSameContentWriteItOnce() throws Exception {
        byte[] content = random(100_000, 2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Repository repository = init(1024)) {
            List<Future<StoredObject>> puts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                puts.add(pool.submit(() -> repository.put(content)));
            }
            int added = 0;
            for (Future<StoredObject> put : puts) {
                added += put.get().added() ? 1 : 0;
            }
            assertThat(added).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void getReturnsWhatWasPut() {
        byte[] random = random(100 * 1024, 3);
        try (Repository repository = init(1024)) {
            String randomId = repository.put(random).id();
            String emptyId = repository.put(new byte[0]).id();
            assertThat(repository.get(randomId)).isEqualTo(random);
            assertThat(repository.get(emptyId)).isEmpty();
        }
        try (Repository repository = reopen()) {
            assertThat(repository.objectIds()).hasSize(2);
            assertThat(repository.get(repository.put(random).id())).isEqualTo(random);
        }
    }

    @Test
    void objectsAreEncryptedAndCompressed() throws Exception {
        byte[] repetitive = "the same line again and again\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        byte[] random = random(4096, 4);
        try (Repository repository = init(1024)) {
            StoredObject compressed = repository.put(repetitive);
            assertThat(compressed.storedBytes()).isLessThan(repetitive.length / 20);
            byte[] stored = Files.readAllBytes(dir.resolve(Repository.objectKey(compressed.id())));
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("the same line");

            StoredObject encrypted = repository.put(random);
            byte[] storedRandom = Files.readAllBytes(dir.resolve(Repository.objectKey(encrypted.id())));
            assertThat(storedRandom[0]).isEqualTo((byte) 1);
            // Random bytes do not compress: the zstd frame and AES-GCM add a header, the nonce and the tag.
            assertThat(storedRandom.length).isGreaterThan(random.length + 1 + 12 + 16);
            assertThat(indexOf(storedRandom, Arrays.copyOf(random, 64))).isEqualTo(-1);
            assertThat(encrypted.id()).isNotEqualTo(sha256(random));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aFlippedByteIsReportedAsCorruption() throws Exception {
        try (Repository repository = init(1024)) {
            String id = repository.put(random(5000, 5)).id();
            Path file = dir.resolve(Repository.objectKey(id));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);
            assertThatThrownBy(() -> repository.get(id))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessage("Backup object data/" + id.substring(0, 2) + "/" + id + " in file://" + dir + " is corrupted: "
                            + "its authentication tag does not match (the bytes were altered, belong to another name, or "
                            + "were not written with this repository's key)");
        }
    }

    @Test
    void aDeletedObjectIsReportedMissing() throws Exception {
        try (Repository repository = init(1024)) {
            String id = repository.put(random(5000, 6)).id();
            Files.delete(dir.resolve(Repository.objectKey(id)));
            assertThatThrownBy(() -> repository.get(id))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessage("Backup object data/" + id.substring(0, 2) + "/" + id + " is missing from file://" + dir);
        }
    }

    @Test
    void anObjectCopiedOverAnotherIsReportedAsCorruption() throws Exception {
        try (Repository repository = init(1024)) {
            String a = repository.put(random(5000, 7)).id();
            String b = repository.put(random(5000, 8)).id();
            Files.copy(dir.resolve(Repository.objectKey(a)), dir.resolve(Repository.objectKey(b)),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(() -> repository.get(b))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessageStartingWith("Backup object data/" + b.substring(0, 2) + "/" + b + " in file://" + dir
                            + " is corrupted: its authentication tag does not match");
            assertThat(repository.get(a)).isEqualTo(random(5000, 7));
        }
    }

    @Test
    void truncatedOrForeignFormatObjectsAreCorrupted() throws Exception {
        try (Repository repository = init(1024)) {
            String id = repository.put(random(100, 9)).id();
            Path file = dir.resolve(Repository.objectKey(id));
            Files.write(file, new byte[] {1, 2, 3});
            assertThatThrownBy(() -> repository.get(id)).hasMessageEndingWith(
                    "is corrupted: it has 3 bytes, fewer than the 29 of a header and an authentication tag");
            byte[] otherVersion = new byte[64];
            otherVersion[0] = 7;
            Files.write(file, otherVersion);
            assertThatThrownBy(() -> repository.get(id)).hasMessageEndingWith(
                    "is corrupted: it has format version 7, this version reads 1");
        }
    }

    @Test
    void invalidObjectIdsAreRefused() {
        try (Repository repository = init(1024)) {
            assertThatThrownBy(() -> repository.get("../config"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                    .hasMessage("Backup object id '../config' is not valid: ids are 64 lower-case hex characters");
        }
    }

    @Test
    void deleteRemovesAnObject() {
        try (Repository repository = init(1024)) {
            String id = repository.put(random(10, 10)).id();
            repository.delete(id);
            assertThat(repository.contains(id)).isFalse();
            assertThat(dir.resolve(Repository.objectKey(id))).doesNotExist();
            assertThat(repository.put(random(10, 10)).added()).isTrue();
        }
    }

    @Test
    void filesAreChunkedAndRestored() throws Exception {
        int chunkSize = 1024 * 1024;
        byte[] content = random(20 * 1024 * 1024 + 12345, 11);
        try (Repository repository = init(chunkSize)) {
            List<StoredObject> seen = new ArrayList<>();
            FileRef file = repository.putFile(new ByteArrayInputStream(content), seen::add);
            assertThat(file.size()).isEqualTo(content.length);
            // the hash list: SHA-256 of the chunks' SHA-256 digests in order
            MessageDigest hashList = MessageDigest.getInstance("SHA-256");
            for (int offset = 0; offset < content.length; offset += chunkSize) {
                hashList.update(MessageDigest.getInstance("SHA-256").digest(
                        java.util.Arrays.copyOfRange(content, offset, Math.min(content.length, offset + chunkSize))));
            }
            assertThat(file.sha256()).isEqualTo(HexFormat.of().formatHex(hashList.digest()));
            assertThat(file.chunks()).hasSize(21);
            assertThat(seen).extracting(StoredObject::id).isEqualTo(file.chunks());
            assertThat(seen).extracting(StoredObject::plainBytes).containsOnly((long) chunkSize, 12345L);
            assertThat(seen).allMatch(StoredObject::added);

            List<StoredObject> again = new ArrayList<>();
            assertThat(repository.putFile(new ByteArrayInputStream(content), again::add)).isEqualTo(file);
            assertThat(again).noneMatch(StoredObject::added);
            assertThat(repository.objectIds()).hasSize(21);

            ByteArrayOutputStream restored = new ByteArrayOutputStream();
            repository.readFile(file, restored);
            assertThat(restored.toByteArray()).isEqualTo(content);
        }
    }

    @Test
    void anEmptyFileHasNoChunks() throws Exception {
        try (Repository repository = init(1024)) {
            FileRef file = repository.putFile(new ByteArrayInputStream(new byte[0]), stored -> {
                throw new AssertionError("no chunk expected");
            });
            assertThat(file).isEqualTo(new FileRef(List.of(), 0, sha256(new byte[0])));
            ByteArrayOutputStream restored = new ByteArrayOutputStream();
            repository.readFile(file, restored);
            assertThat(restored.size()).isZero();
        }
    }

    @Test
    void readFileNamesACorruptedChunk() throws Exception {
        try (Repository repository = init(1000)) {
            FileRef file = repository.putFile(new ByteArrayInputStream(random(2500, 12)), stored -> {});
            repository.flush();
            String middle = file.chunks().get(1);
            Path object = dir.resolve(Repository.objectKey(middle));
            byte[] bytes = Files.readAllBytes(object);
            bytes[20] ^= 0x40;
            Files.write(object, bytes);
            assertThatThrownBy(() -> repository.readFile(file, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessageStartingWith("Backup object data/" + middle.substring(0, 2) + "/" + middle + " in file://"
                            + dir + " is corrupted: ");
        }
    }

    @Test
    void readFileChecksTheWholeFile() throws Exception {
        try (Repository repository = init(1000)) {
            FileRef file = repository.putFile(new ByteArrayInputStream(random(2500, 13)), stored -> {});
            String wrongHash = sha256(new byte[] {1});
            assertThatThrownBy(() -> repository.readFile(new FileRef(file.chunks(), 2500, wrongHash), new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessage("A file restored from backup repository file://" + dir + " is corrupted: restored file has "
                            + "SHA-256 " + file.sha256() + ", the backup recorded " + wrongHash);
            assertThatThrownBy(() -> repository.readFile(new FileRef(file.chunks().subList(0, 2), 2500, file.sha256()),
                    new ByteArrayOutputStream()))
                    .hasMessage("A file restored from backup repository file://" + dir + " is corrupted: restored file has "
                            + "2000 bytes, the backup recorded 2500");
        }
    }

    @Test
    void manifestsAreSavedListedReadAndDeleted() throws Exception {
        byte[] first = "{\"backup\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"backup\":2}".getBytes(StandardCharsets.UTF_8);
        try (Repository repository = init(1024)) {
            repository.saveManifest("2024-02-01T00-00-00Z-b", second);
            repository.saveManifest("2024-01-01T00-00-00Z-a", first);
            assertThat(repository.manifestIds()).containsExactly("2024-01-01T00-00-00Z-a", "2024-02-01T00-00-00Z-b");
            assertThat(Files.readString(dir.resolve("snapshots/2024-01-01T00-00-00Z-a"), StandardCharsets.ISO_8859_1))
                    .doesNotContain("backup");
        }
        try (Repository repository = reopen()) {
            assertThat(repository.readManifest("2024-01-01T00-00-00Z-a")).isEqualTo(first);
            repository.deleteManifest("2024-01-01T00-00-00Z-a");
            assertThat(repository.manifestIds()).containsExactly("2024-02-01T00-00-00Z-b");
            assertThatThrownBy(() -> repository.readManifest("2024-01-01T00-00-00Z-a"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                    .hasMessage("No backup 2024-01-01T00-00-00Z-a in file://" + dir);
        }
    }

    @Test
    void aTamperedOrRenamedManifestIsCorrupted() throws Exception {
        try (Repository repository = init(1024)) {
            repository.saveManifest("a", "{}".getBytes(StandardCharsets.UTF_8));
            Files.copy(dir.resolve("snapshots/a"), dir.resolve("snapshots/b"));
            assertThatThrownBy(() -> repository.readManifest("b"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessageStartingWith("Backup manifest snapshots/b in file://" + dir + " is corrupted: its "
                            + "authentication tag does not match");
            byte[] bytes = Files.readAllBytes(dir.resolve("snapshots/a"));
            bytes[bytes.length - 1] ^= 1;
            Files.write(dir.resolve("snapshots/a"), bytes);
            assertThatThrownBy(() -> repository.readManifest("a"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPTED))
                    .hasMessageStartingWith("Backup manifest snapshots/a in file://" + dir + " is corrupted: ");
        }
    }

    @Test
    void invalidBackupIdsAreRefused() {
        try (Repository repository = init(1024)) {
            assertThatThrownBy(() -> repository.saveManifest("../config", new byte[0]))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                    .hasMessage("Backup id '../config' is not valid: it must be 1 to 200 letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit");
        }
    }

    @Test
    void objectIdsIgnoreStrayFilesUnderData() throws Exception {
        try (Repository repository = init(1024)) {
            String id = repository.put(random(10, 14)).id();
            Files.writeString(dir.resolve("data/notes.txt"), "x");
            try (Repository reopened = reopen()) {
                assertThat(reopened.objectIds()).isEqualTo(Set.of(id));
            }
        }
    }
}
