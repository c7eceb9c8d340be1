package io.zhongtai.server.sql;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.sql.SqlResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Open SQL results kept between page requests, under random ids. A cursor belongs to the
 * principal that opened it (others get 404), is closed when read to the end, on DELETE, after
 * {@code idleTimeout} without a fetch, or when the server stops. Each principal may hold at most
 * {@code maxPerPrincipal}: every open cursor pins a DuckDB instance.
 */
public final class CursorRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CursorRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final int maxPerPrincipal;
    private final ScheduledExecutorService sweeper;

    /** One open result and its owner. */
    static final class Cursor {
        final String id;
        final String owner;
        final List<SqlResult.Column> columns;
        final PagedResult result;
        final ReentrantLock lock = new ReentrantLock();
        volatile long lastUsedNanos = System.nanoTime();
        volatile boolean closed;

        Cursor(String id, String owner, PagedResult result) {
            this.id = id;
            this.owner = owner;
            this.columns = result.result().columns();
            this.result = result;
        }

        void closeQuietly() {
            closed = true;
            try {
                result.close();
            } catch (RuntimeException e) {
                LOG.warn("Cannot close cursor {}: {}", id, e.toString());
            }
        }
    }

    public CursorRegistry(Duration idleTimeout, int maxPerPrincipal) {
        this.idleTimeout = idleTimeout;
        this.maxPerPrincipal = maxPerPrincipal;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zhongtai-cursor-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, Math.min(30_000, idleTimeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    public int size() {
        return cursors.size();
    }

    /** Keeps {@code result} open for later pages and returns its cursor id. */
    String open(Identity owner, PagedResult result) {
        String principal = owner.principal();
        long mine = cursors.values().stream().filter(c -> c.owner.equals(principal)).count();
        if (mine >= maxPerPrincipal) {
            throw ZhongtaiException.conflict("Cannot keep the result open, %s already has %d open cursors (the limit): "
                    + "read them to the end or DELETE /api/v1/sql/cursors/{id}, or use a larger maxRows", owner.name(), mine);
        }
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        cursors.put(id, new Cursor(id, principal, result));
        return id;
    }

    /**
     * Runs {@code work} on the caller's cursor with exclusive access; the cursor is closed and
     * forgotten afterwards if it has no more rows or {@code work} failed.
     */
    <T> T withCursor(String id, Identity caller, Function<Cursor, T> work) {
        Cursor cursor = find(id, caller);
        cursor.lock.lock();
        try {
            if (cursor.closed) {
                throw notFound(id);
            }
            cursor.lastUsedNanos = System.nanoTime();
            boolean ok = false;
            try {
                T out = work.apply(cursor);
                ok = true;
                return out;
            } finally {
                if (!ok || !cursor.result.hasMore()) {
                    cursors.remove(id, cursor);
                    cursor.closeQuietly();
                }
                cursor.lastUsedNanos = System.nanoTime();
            }
        } finally {
            cursor.lock.unlock();
        }
    }

    /** Cancels a running fetch (if any) and closes the cursor. */
    void close(String id, Identity caller) {
        Cursor cursor = find(id, caller);
        if (!cursors.remove(id, cursor)) {
            throw notFound(id);
        }
        cursor.result.cancel();
        cursor.lock.lock();
        try {
            cursor.closeQuietly();
        } finally {
            cursor.lock.unlock();
        }
    }

    private Cursor find(String id, Identity caller) {
        Cursor cursor = cursors.get(id);
        if (cursor == null || !cursor.owner.equals(caller.principal())) {
            throw notFound(id);
        }
        return cursor;
    }

    private ZhongtaiException notFound(String id) {
        return ZhongtaiException.notFound("Cursor does not exist: %s (cursors close when read to the end, "
                + "when deleted, and after %s unused)", id, idleTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }

    void expireIdle() {
        long now = System.nanoTime();
        for (Cursor c : cursors.values()) {
            if (now - c.lastUsedNanos > idleTimeout.toNanos() && c.lock.tryLock()) {
                try {
                    if (now - c.lastUsedNanos > idleTimeout.toNanos() && cursors.remove(c.id, c)) {
                        LOG.info("Closed cursor {} of {}: unused for {}", c.id, c.owner, idleTimeout);
                        c.closeQuietly();
                    }
                } finally {
                    c.lock.unlock();
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Cursor c : cursors.values()) {
            if (cursors.remove(c.id, c)) {
                c.result.cancel();
                c.closeQuietly();
            }
        }
    }
}
