package io.zhongtai.backup.repo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A fixed pool of daemon threads started on first use, so a repository that only lists or reads small files starts none. */
final class LazyThreads {
    private final int size;
    private final String name;
    private volatile ExecutorService pool;

    LazyThreads(int size, String name) {
        this.size = size;
        this.name = name;
    }

    ExecutorService get() {
        ExecutorService started = pool;
        if (started == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(size, r -> {
                        Thread t = new Thread(r, name);
                        t.setDaemon(true);
                        return t;
                    });
                }
                started = pool;
            }
        }
        return started;
    }

    /** Stops the threads now, interrupting running tasks and dropping queued ones. */
    void stopNow() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Lets running and queued tasks finish (up to a minute), then stops the threads. */
    void stopAfterTasks() {
        ExecutorService started = pool;
        if (started != null) {
            started.shutdown();
            try {
                started.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
