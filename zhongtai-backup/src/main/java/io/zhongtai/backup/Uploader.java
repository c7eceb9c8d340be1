package io.zhongtai.backup;

import io.zhongtai.backup.repo.FileRef;
import io.zhongtai.backup.repo.Repository;
import io.zhongtai.backup.repo.StoredObject;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.load.ProgressListener;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores files in a repository, several at a time, counting what was new and reporting progress in bytes read; its
 * threads also do a backup's other parallel work.
 */
final class Uploader implements AutoCloseable {
    /** A file to store: where it is (for messages and the result map) and how to read it. */
    interface Source {
        String location();

        long size();

        InputStream open() throws IOException;
    }

    private final Repository repository;
    private final ExecutorService pool;
    private final AtomicLong newObjects = new AtomicLong();
    private final AtomicLong newBytes = new AtomicLong();

    Uploader(Repository repository, int threads) {
        this.repository = repository;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backup-upload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stores every source; the result maps each location to its content in the repository. */
    Map<String, FileRef> storeAll(List<? extends Source> sources, ProgressListener progress) {
        long total = sources.stream().mapToLong(Source::size).sum();
        AtomicLong done = new AtomicLong();
        progress.progress("backing up", 0, total);
        Map<String, Future<FileRef>> futures = new LinkedHashMap<>();
        for (Source source : sources) {
            futures.put(source.location(), pool.submit(() -> {
                try (InputStream in = source.open()) {
                    return repository.putFile(in, stored -> {
                        count(stored);
                        progress.progress("backing up", done.addAndGet(stored.plainBytes()), total);
                    });
                }
            }));
        }
        return awaitAll(futures);
    }

    /**
     * Runs each task on the upload threads (reading the tables' file lists before their upload, say) and returns the
     * results by key; the first failure cancels the rest and is thrown.
     */
    <T> Map<String, T> inParallel(Map<String, Callable<T>> tasks) {
        Map<String, Future<T>> futures = new LinkedHashMap<>();
        tasks.forEach((key, task) -> futures.put(key, pool.submit(task)));
        return awaitAll(futures);
    }

    private static <T> Map<String, T> awaitAll(Map<String, Future<T>> futures) {
        Map<String, T> results = new LinkedHashMap<>();
        for (Map.Entry<String, Future<T>> future : futures.entrySet()) {
            try {
                results.put(future.getKey(), future.getValue().get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.values().forEach(f -> f.cancel(true));
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Backup interrupted", null, e);
            } catch (ExecutionException e) {
                futures.values().forEach(f -> f.cancel(true));
                if (e.getCause() instanceof ZhongtaiException z) {
                    throw z;
                }
                throw new ZhongtaiException(ZhongtaiException.Kind.CONFLICT, "Cannot back up " + future.getKey() + ": " + e.getCause()
                        + " (did a table change during the backup? run it again)", null, e.getCause());
            }
        }
        return results;
    }

    /** Stores bytes held in memory (the metadata dump, the configuration). */
    FileRef store(byte[] bytes) {
        return repository.putFile(new ByteArrayInputStream(bytes), this::count);
    }

    long newObjects() {
        return newObjects.get();
    }

    long newBytes() {
        return newBytes.get();
    }

    private void count(StoredObject stored) {
        if (stored.added()) {
            newObjects.incrementAndGet();
            newBytes.addAndGet(stored.storedBytes());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
