package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A lock on a repository, held as the file locks/&lt;id&gt;. A daemon thread rewrites the file (refreshed_at) every
 * {@link #REFRESH_INTERVAL}; others treat it as stale once it has not been refreshed for {@link #STALE_AFTER}, or
 * when it comes from their own host and its process is gone. {@link #close()} stops refreshing and deletes it.
 */
public final class RepositoryLock implements AutoCloseable {
    static final String PREFIX = "locks/";
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    static final Duration STALE_AFTER = Duration.ofMinutes(2);
    /** The host name written into lock files; processes of the same host check each other's pids. */
    static final String HOST = localHostName();
    private static final Logger log = LoggerFactory.getLogger(RepositoryLock.class);

    private final RepositoryStorage storage;
    private final String id;
    private final ScheduledExecutorService refresher;
    private LockFile file;
    private boolean closed;

    private RepositoryLock(RepositoryStorage storage, String id, LockFile file) {
        this.storage = storage;
        this.id = id;
        this.file = file;
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "backup-lock-refresh-" + id);
            thread.setDaemon(true);
            return thread;
        });
        long interval = REFRESH_INTERVAL.toMillis();
        refresher.scheduleAtFixedRate(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Removes stale locks, fails on a conflicting live one, writes this lock, and checks again so that two processes
     * locking at the same moment cannot both win (both may lose; the caller then retries).
     */
    static RepositoryLock acquire(RepositoryStorage storage, LockMode mode, String purpose) {
        requireNonNull(mode, "mode is null");
        requireNonNull(purpose, "purpose is null");
        failOnConflict(storage, mode, purpose, null);
        String id = Crypto.HEX.formatHex(Crypto.randomBytes(16));
        String now = Instant.now().toString();
        LockFile file = new LockFile(mode, purpose, HOST, ProcessHandle.current().pid(), now, now);
        storage.put(PREFIX + id, Json.write(file));
        try {
            failOnConflict(storage, mode, purpose, id);
        } catch (RuntimeException e) {
            storage.delete(PREFIX + id);
            throw e;
        }
        return new RepositoryLock(storage, id, file);
    }

    public String id() {
        return id;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        refresher.shutdownNow();
        storage.delete(PREFIX + id);
    }

    /** Rewrites the lock file with refreshed_at = now, unless the lock is closed; the refresher calls it. */
    void refresh() {
        // Under the monitor so that close() cannot delete the file while a refresh writes it back.
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                file = file.refreshed(Instant.now());
                storage.put(PREFIX + id, Json.write(file));
            } catch (RuntimeException e) {
                log.warn("Could not refresh lock {} of backup repository {}: {}", id, storage.location(), e.getMessage());
            }
        }
    }

    private static void failOnConflict(RepositoryStorage storage, LockMode mode, String purpose, String ownId) {
        for (String key : storage.list(PREFIX)) {
            if (key.equals(PREFIX + ownId)) {
                continue;
            }
            Optional<byte[]> bytes = storage.get(key);
            if (bytes.isEmpty()) {
                continue;
            }
            LockFile other;
            try {
                other = LockFile.parse(bytes.get());
            } catch (IntegrityException e) {
                throw ZhongtaiException.conflict("Cannot lock backup repository %s for %s: lock file %s cannot be read "
                        + "(%s); delete it if no other process uses the repository", storage.location(), purpose, key,
                        e.getMessage());
            }
            String staleBecause = staleBecause(other);
            if (staleBecause != null) {
                log.info("Removing stale lock {} of backup repository {} ({}): {}", key, storage.location(),
                        other.purpose(), staleBecause);
                storage.delete(key);
            } else if (mode.conflictsWith(other.mode())) {
                throw ZhongtaiException.conflict("Cannot lock backup repository %s for %s: it is locked by %s (host %s, "
                        + "pid %d, since %s)", storage.location(), purpose, other.purpose(), other.host(), other.pid(),
                        other.createdAt());
            }
        }
    }

    /** Why a lock no longer protects anything, or null when it is live. */
    private static String staleBecause(LockFile lock) {
        Duration silence = Duration.between(lock.lastRefreshed(), Instant.now());
        if (silence.compareTo(STALE_AFTER) > 0) {
            return "not refreshed since " + lock.refreshedAt();
        }
        if (lock.host().equals(HOST) && !ProcessHandle.of(lock.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return "process " + lock.pid() + " of this host has ended";
        }
        return null;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // Without name resolution the exception message still starts with the configured host name.
            String hostname = System.getenv("HOSTNAME");
            return hostname != null && !hostname.isBlank() ? hostname : String.valueOf(e.getMessage()).split(":")[0];
        }
    }
}
