package io.zhongtai.backup.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.zhongtai.backup.repo.RepositoryTest.CHEAP_KDF;
import static io.zhongtai.backup.repo.RepositoryTest.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Repository init() {
        return Repository.init(new FileStorage(dir), PASSPHRASE, 1024, CHEAP_KDF);
    }

    private List<String> lockFiles() throws Exception {
        if (!Files.isDirectory(dir.resolve("locks"))) {
            return List.of();
        }
        try (var files = Files.list(dir.resolve("locks"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String lockJson(LockMode mode, String purpose, String host, long pid, Instant created, Instant refreshed) {
        return new String(Json.write(new LockFile(mode, purpose, host, pid, created.toString(), refreshed.toString())),
                StandardCharsets.UTF_8);
    }

    private void writeLock(String id, String json) throws Exception {
        Files.createDirectories(dir.resolve("locks"));
        Files.writeString(dir.resolve("locks").resolve(id), json);
    }

    @Test
    void sharedLocksCoexistAndCloseDeletesThem() throws Exception {
        try (Repository repository = init()) {
            RepositoryLock backup = repository.lock(LockMode.SHARED, "backup");
            RepositoryLock restore = repository.lock(LockMode.SHARED, "restore");
            assertThat(lockFiles()).containsExactlyInAnyOrder(backup.id(), restore.id());

            JsonNode file = JSON.readTree(dir.resolve("locks").resolve(backup.id()).toFile());
            assertThat(file.get("mode").asText()).isEqualTo("SHARED");
            assertThat(file.get("purpose").asText()).isEqualTo("backup");
            assertThat(file.get("host").asText()).isEqualTo(RepositoryLock.HOST);
            assertThat(file.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(file.get("refreshed_at").asText()).isEqualTo(file.get("created_at").asText());

            backup.close();
            restore.close();
            restore.close();
            assertThat(lockFiles()).isEmpty();
        }
    }

    @Test
    void refreshRewritesRefreshedAtUntilTheLockIsClosed() throws Exception {
        try (Repository repository = init()) {
            RepositoryLock lock = repository.lock(LockMode.SHARED, "verify");
            Path file = dir.resolve("locks").resolve(lock.id());
            JsonNode before = JSON.readTree(file.toFile());
            Thread.sleep(5);
            lock.refresh();
            JsonNode after = JSON.readTree(file.toFile());
            assertThat(after.get("created_at")).isEqualTo(before.get("created_at"));
            assertThat(Instant.parse(after.get("refreshed_at").asText()))
                    .isAfter(Instant.parse(before.get("refreshed_at").asText()));

            lock.close();
            lock.refresh();
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void exclusiveIsRefusedWhileASharedLockIsLive() throws Exception {
        try (Repository repository = init(); RepositoryLock backup = repository.lock(LockMode.SHARED, "backup")) {
            String since = JSON.readTree(dir.resolve("locks").resolve(backup.id()).toFile()).get("created_at").asText();
            assertThatThrownBy(() -> repository.lock(LockMode.EXCLUSIVE, "prune"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                    .hasMessage("Cannot lock backup repository file://" + dir + " for prune: it is locked by backup (host "
                            + RepositoryLock.HOST + ", pid " + ProcessHandle.current().pid() + ", since " + since + ")");
            assertThat(lockFiles()).containsExactly(backup.id());
        }
    }

    @Test
    void sharedIsRefusedWhileAnExclusiveLockOfAnotherHostIsLive() throws Exception {
        Instant created = Instant.now().minus(Duration.ofHours(5));
        writeLock("other", lockJson(LockMode.EXCLUSIVE, "forget", "other-host", 4242, created, Instant.now().minusSeconds(60)));
        try (Repository repository = init()) {
            assertThatThrownBy(() -> repository.lock(LockMode.SHARED, "restore"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                    .hasMessage("Cannot lock backup repository file://" + dir + " for restore: it is locked by forget (host "
                            + "other-host, pid 4242, since " + created + ")");
        }
        assertThat(lockFiles()).containsExactly("other");
    }

    @Test
    void aLockOfAnEndedProcessOnThisHostIsRemoved() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        writeLock("dead", lockJson(LockMode.EXCLUSIVE, "prune", RepositoryLock.HOST, finished.pid(), Instant.now(), Instant.now()));
        try (Repository repository = init(); RepositoryLock lock = repository.lock(LockMode.EXCLUSIVE, "prune")) {
            assertThat(lockFiles()).containsExactly(lock.id());
        }
    }

    @Test
    void aLockNotRefreshedForTwoMinutesIsStale() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(3));
        writeLock("stale", lockJson(LockMode.EXCLUSIVE, "prune", "other-host", 4242, longAgo, longAgo));
        try (Repository repository = init(); RepositoryLock lock = repository.lock(LockMode.EXCLUSIVE, "forget")) {
            assertThat(lockFiles()).containsExactly(lock.id());
        }
    }

    @Test
    void anUnreadableLockFileIsAConflict() throws Exception {
        writeLock("garbage", "not json");
        try (Repository repository = init()) {
            assertThatThrownBy(() -> repository.lock(LockMode.SHARED, "backup"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                    .hasMessageStartingWith("Cannot lock backup repository file://" + dir + " for backup: lock file "
                            + "locks/garbage cannot be read (it is not valid JSON: ")
                    .hasMessageEndingWith("); delete it if no other process uses the repository");
        }
    }

    @Test
    void aConflictingLockWrittenMeanwhileMakesTheLockBackOff() throws Exception {
        Instant now = Instant.now();
        String intruder = lockJson(LockMode.EXCLUSIVE, "prune", "other-host", 77, now, now);
        FileStorage files = new FileStorage(dir);
        Repository.init(files, PASSPHRASE, 1024, CHEAP_KDF).close();
        try (Repository repository = Repository.open(new RacingStorage(files, intruder), PASSPHRASE)) {
            assertThatThrownBy(() -> repository.lock(LockMode.SHARED, "backup"))
                    .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                    .hasMessage("Cannot lock backup repository file://" + dir + " for backup: it is locked by prune (host "
                            + "other-host, pid 77, since " + now + ")");
        }
        assertThat(lockFiles()).containsExactly("intruder");
    }

    /** File storage where another process writes a lock right after this one writes its own. */
    private record RacingStorage(FileStorage files, String intruderLock) implements RepositoryStorage {
        @Override
        public String location() {
            return files.location();
        }

        @Override
        public void put(String key, byte[] bytes) {
            files.put(key, bytes);
            if (key.startsWith("locks/")) {
                files.put("locks/intruder", intruderLock.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public Optional<byte[]> get(String key) {
            return files.get(key);
        }

        @Override
        public List<String> list(String prefix) {
            return files.list(prefix);
        }

        @Override
        public void delete(String key) {
            files.delete(key);
        }

        @Override
        public void close() {
            files.close();
        }
    }
}
