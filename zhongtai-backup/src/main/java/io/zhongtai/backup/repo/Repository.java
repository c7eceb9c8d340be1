package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An encrypted, deduplicating backup repository (in the manner of restic) in a directory ({@code file:///path}) or
 * under an S3 prefix ({@code s3://bucket/prefix}).
 *
 * <p>Every stored object is compressed with zstd, then encrypted with AES-256-GCM, and named by the HMAC-SHA-256 of
 * its plaintext under the repository's MAC key: identical content is stored once across backups and tables, and the
 * names tell nobody without the key whether the repository holds a known file (as plain SHA-256 names would). A
 * passphrase opens the repository: Argon2id turns it into a key that decrypts the random 64-byte master key (32
 * bytes of AES key, then 32 bytes of MAC key). There may be several key files, each with its own passphrase.
 *
 * <h2>Layout</h2>
 * <pre>
 * config                   plain JSON: {"version":1,"id":"&lt;uuid&gt;","chunk_size":8388608,"compression":"zstd-1"}
 *                          written last by init, so a half-initialised location holds no config
 * keys/&lt;key id&gt;            plain JSON: {"kdf":"argon2id","memory_kib":65536,"iterations":3,"parallelism":1,
 *                          "salt":"&lt;b64, 16 bytes&gt;","nonce":"&lt;b64, 12 bytes&gt;",
 *                          "master":"&lt;b64 AES-256-GCM (no AAD) of the 64-byte master key, with its 16-byte tag&gt;",
 *                          "created_at":"&lt;ISO-8601&gt;"}; the key id is the SHA-256 (hex) of the file
 * data/&lt;2 hex&gt;/&lt;64 hex&gt;    objects, named by id (the first two hex characters are the directory): byte 1 = format
 *                          version, 12-byte random nonce, AES-256-GCM(zstd frame of the plaintext) with the id's
 *                          64 ASCII characters as AAD, so an object copied under another name does not decrypt
 * snapshots/&lt;backup id&gt;    backup manifests: same format as objects, AAD = "snapshot/&lt;backup id&gt;"
 * locks/&lt;lock id&gt;          plain JSON: {"mode":"SHARED"|"EXCLUSIVE","purpose":"backup","host":"h","pid":123,
 *                          "created_at":"&lt;ISO-8601&gt;","refreshed_at":"&lt;ISO-8601&gt;"}, refreshed every 30 s and
 *                          stale after 2 minutes without refresh (see {@link RepositoryLock})
 * tmp/                     (file storage only) temporary files, fsynced and then renamed into place
 * </pre>
 * Files (table data, metadata) are split into chunks of at most chunk_size bytes, each stored as an object; a
 * {@link FileRef} lists them in order with the SHA-256 of the whole file.
 */
public final class Repository implements AutoCloseable {
    static final String CONFIG = "config";
    static final String KEYS = "keys/";
    static final String DATA = "data/";
    static final String SNAPSHOTS = "snapshots/";
    private static final Duration TEMPORARY_MAX_AGE = Duration.ofHours(1);
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final RepositoryStorage storage;
    private final RepositoryConfig config;
    private final MasterKey masterKey;
    private final ObjectCodec codec;
    /** Ids of the objects in data/, listed on first use; null until then. */
    private volatile Set<String> knownIds;
    /** Threads that hash, compress, encrypt and write (or read and check) chunks: the CPU-heavy part of a backup. */
    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Chunks of one file in flight beyond the one awaited: enough to keep the workers busy, bounded in memory. */
    private static final int IN_FLIGHT = WORKERS;
    private static final int SMALL_READ = 64 * 1024;
    /** The worker threads of putFile and readFile. */
    private final LazyThreads workers = new LazyThreads(WORKERS, "backup-repository-worker");
    /** Puts in progress by id, so that threads storing the same content write it once. */
    private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    private Repository(RepositoryStorage storage, RepositoryConfig config, MasterKey masterKey) {
        this.storage = storage;
        this.config = config;
        this.masterKey = masterKey;
        this.codec = new ObjectCodec(masterKey.encryptionKey(), config.compressionLevel(storage.location()));
    }

    /**
     * Creates config and the first key. CONFLICT "Cannot initialise backup repository &lt;loc&gt;: it already holds
     * a repository" if config exists. Passphrase must not be empty (INVALID_INPUT).
     */
    public static Repository init(RepositoryStorage storage, char[] passphrase) {
        return init(storage, passphrase, RepositoryConfig.DEFAULT_CHUNK_SIZE, KdfParameters.DEFAULT);
    }

    /** {@link #init(RepositoryStorage, char[])} with another chunk size and Argon2 cost (tests keep both small). */
    static Repository init(RepositoryStorage storage, char[] passphrase, int chunkSize, KdfParameters kdf) {
        requireNonNull(storage, "storage is null");
        requireNonNull(passphrase, "passphrase is null");
        if (passphrase.length == 0) {
            throw ZhongtaiException.invalid("Cannot initialise backup repository %s: the passphrase is empty", storage.location());
        }
        if (storage.get(CONFIG).isPresent()) {
            throw ZhongtaiException.conflict("Cannot initialise backup repository %s: it already holds a repository",
                    storage.location());
        }
        RepositoryConfig config = RepositoryConfig.create(chunkSize);
        MasterKey masterKey = MasterKey.generate();
        byte[] keyFile = Json.write(KeyFile.create(masterKey, passphrase, kdf));
        storage.put(KEYS + Crypto.HEX.formatHex(Crypto.sha256().digest(keyFile)), keyFile);
        storage.put(CONFIG, Json.write(config));
        return new Repository(storage, config, masterKey);
    }

    /**
     * NOT_FOUND "Cannot open backup repository &lt;loc&gt;: no repository there (no config)"; wrong passphrase:
     * INVALID_INPUT "Cannot open backup repository &lt;loc&gt;: the passphrase is wrong (no key in keys/ opens with
     * it)". Tries every key.
     */
    public static Repository open(RepositoryStorage storage, char[] passphrase) {
        requireNonNull(storage, "storage is null");
        requireNonNull(passphrase, "passphrase is null");
        byte[] configBytes = storage.get(CONFIG).orElseThrow(() -> ZhongtaiException.notFound(
                "Cannot open backup repository %s: no repository there (no config)", storage.location()));
        RepositoryConfig config = RepositoryConfig.parse(configBytes, storage.location());
        List<String> unreadable = new ArrayList<>();
        for (String key : storage.list(KEYS)) {
            Optional<byte[]> bytes = storage.get(key);
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                Optional<MasterKey> masterKey = KeyFile.parse(bytes.get()).unlock(passphrase);
                if (masterKey.isPresent()) {
                    return new Repository(storage, config, masterKey.get());
                }
            } catch (IntegrityException e) {
                unreadable.add(key + ": " + e.getMessage());
            }
        }
        throw ZhongtaiException.invalid("Cannot open backup repository %s: the passphrase is wrong (no key in keys/ opens "
                + "with it)%s", storage.location(), unreadable.isEmpty() ? "" : "; unreadable key files: " + unreadable);
    }

    public String id() {
        return config.id();
    }

    public String location() {
        return storage.location();
    }

    public RepositoryStorage storage() {
        return storage;
    }

    int chunkSize() {
        return config.chunkSize();
    }

    /**
     * Stores plaintext, durably, unless an object with its id is known to exist (added=false then, storedBytes=0).
     * Thread-safe.
     */
    public StoredObject put(byte[] plaintext) {
        requireNonNull(plaintext, "plaintext is null");
        StoredObject stored = put(plaintext, masterKey.idOf(plaintext));
        flush();
        return stored;
    }

    private StoredObject put(byte[] plaintext, String id) {
        StoredObject present = new StoredObject(id, plaintext.length, 0, false);
        while (true) {
            if (knownIds().contains(id)) {
                return present;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = inFlight.putIfAbsent(id, mine);
            if (running != null) {
                // Once the other put is done the object exists, or that put failed and this one tries again.
                running.join();
                continue;
            }
            try {
                // A put that ended between the check above and putIfAbsent has already recorded its id.
                if (knownIds().contains(id)) {
                    return present;
                }
                byte[] stored = codec.encode(plaintext, id.getBytes(StandardCharsets.US_ASCII));
                storage.putDeferred(objectKey(id), stored);
                knownIds().add(id);
                return new StoredObject(id, plaintext.length, stored.length, true);
            } finally {
                inFlight.remove(id, mine);
                mine.complete(null);
            }
        }
    }

    /**
     * Reads, decrypts, decompresses and checks the id of an object. Kind.CORRUPTED errors naming the object key and
     * the location: missing: "Backup object data/ab/&lt;id&gt; is missing from &lt;loc&gt;"; bad tag / bad zstd / id
     * mismatch: "Backup object data/ab/&lt;id&gt; in &lt;loc&gt; is corrupted: &lt;why&gt;".
     */
    public byte[] get(String id) {
        flush();
        return read(id).plaintext();
    }

    /** An object's content with the SHA-256 its id was checked against. */
    private record Verified(byte[] plaintext, byte[] sha256) {
    }

    private Verified read(String id) {
        String key = objectKey(id);
        byte[] stored = storage.get(key).orElseThrow(() -> corrupted("Backup object %s is missing from %s", key, location()));
        byte[] plaintext;
        try {
            plaintext = codec.decode(stored, id.getBytes(StandardCharsets.US_ASCII));
        } catch (IntegrityException e) {
            throw corrupted("Backup object %s in %s is corrupted: %s", key, location(), e.getMessage());
        }
        byte[] sha256 = Crypto.sha256().digest(plaintext);
        String actualId = masterKey.idOfDigest(sha256);
        if (!actualId.equals(id)) {
            throw corrupted("Backup object %s in %s is corrupted: its content has the id %s", key, location(), actualId);
        }
        return new Verified(plaintext, sha256);
    }

    /** Whether the object exists, from a listing of data/ made once (lazily) and kept up to date by put/delete. */
    public boolean contains(String id) {
        return knownIds().contains(id);
    }

    /** The ids of all objects, sorted. */
    public Set<String> objectIds() {
        return Collections.unmodifiableSet(new TreeSet<>(knownIds()));
    }

    /** Deletes an object (prune). */
    public void delete(String id) {
        flush();
        storage.delete(objectKey(id));
        knownIds().remove(id);
    }

    /** The object's key in the storage: "data/ab/&lt;id&gt;". INVALID_INPUT when id is not 64 lower-case hex characters. */
    public static String objectKey(String id) {
        requireNonNull(id, "id is null");
        if (!OBJECT_ID.matcher(id).matches()) {
            throw ZhongtaiException.invalid("Backup object id '%s' is not valid: ids are 64 lower-case hex characters", id);
        }
        return DATA + id.substring(0, 2) + "/" + id;
    }

    /**
     * Streams a file into chunk objects (chunk_size from config) and returns them with the file's hash (see
     * {@link FileRef}). Chunks are hashed, compressed, encrypted and written on the repository's worker threads, a
     * few at a time; they are recorded, and onChunk sees each outcome (for progress and byte counts), in file order.
     * The chunks are durable once {@link #flush} (or {@link #saveManifest}) returns. Thread-safe; reads the stream to
     * its end.
     */
    public FileRef putFile(InputStream in, Consumer<StoredObject> onChunk) {
        requireNonNull(in, "in is null");
        requireNonNull(onChunk, "onChunk is null");
        MessageDigest hashList = Crypto.sha256();
        List<String> chunks = new ArrayList<>();
        Deque<Future<Stored>> pending = new ArrayDeque<>();
        long size = 0;
        try {
            while (true) {
                byte[] chunk;
                try {
                    chunk = readChunk(in);
                } catch (IOException e) {
                    throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot store a file in backup repository "
                            + location() + ": reading it failed after " + size + " bytes: " + e.getMessage(), null, e);
                }
                if (chunk.length == 0) {
                    break;
                }
                size += chunk.length;
                pending.add(workers.get().submit(() -> {
                    byte[] sha256 = Crypto.sha256().digest(chunk);
                    return new Stored(put(chunk, masterKey.idOfDigest(sha256)), sha256);
                }));
                while (pending.size() > IN_FLIGHT) {
                    record(await(pending.poll()), chunks, hashList, onChunk);
                }
            }
            while (!pending.isEmpty()) {
                record(await(pending.poll()), chunks, hashList, onChunk);
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
        return new FileRef(chunks, size, Crypto.HEX.formatHex(hashList.digest()));
    }

    /**
     * The next chunk of the stream: up to chunk_size bytes, empty at its end. Read straight into one array
     * (InputStream.readNBytes(int) would gather 8 KiB buffers and copy them together); the first 64 KiB go into a
     * small array, so a small file (the metadata dump, the configuration) does not cost a chunk-sized one.
     */
    private byte[] readChunk(InputStream in) throws IOException {
        byte[] head = new byte[Math.min(SMALL_READ, config.chunkSize())];
        int read = in.readNBytes(head, 0, head.length);
        if (read < head.length) {
            return Arrays.copyOf(head, read);
        }
        byte[] chunk = Arrays.copyOf(head, config.chunkSize());
        read += in.readNBytes(chunk, head.length, chunk.length - head.length);
        return read == chunk.length ? chunk : Arrays.copyOf(chunk, read);
    }

    /** A chunk's outcome and SHA-256. */
    private record Stored(StoredObject object, byte[] sha256) {
    }

    private static void record(Stored stored, List<String> chunks, MessageDigest hashList, Consumer<StoredObject> onChunk) {
        chunks.add(stored.object().id());
        hashList.update(stored.sha256());
        onChunk.accept(stored.object());
    }

    /**
     * Writes the file's chunks in order to out, checking each object (read and decrypted a few at a time on the
     * repository's worker threads) and then the size and hash of the whole (CORRUPTED "… restored file has
     * SHA-256 x, the backup recorded y").
     */
    public void readFile(FileRef file, OutputStream out) {
        requireNonNull(file, "file is null");
        requireNonNull(out, "out is null");
        flush();
        MessageDigest hashList = Crypto.sha256();
        Deque<Future<Verified>> pending = new ArrayDeque<>();
        Iterator<String> ids = file.chunks().iterator();
        long size = 0;
        try {
            while (ids.hasNext() || !pending.isEmpty()) {
                while (ids.hasNext() && pending.size() <= IN_FLIGHT) {
                    String id = ids.next();
                    pending.add(workers.get().submit(() -> read(id)));
                }
                Verified chunk = await(pending.poll());
                hashList.update(chunk.sha256());
                size += chunk.plaintext().length;
                try {
                    out.write(chunk.plaintext());
                } catch (IOException e) {
                    throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot restore a file from backup repository "
                            + location() + ": writing it failed after " + (size - chunk.plaintext().length) + " bytes: "
                            + e.getMessage(), null, e);
                }
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
        if (size != file.size()) {
            throw corrupted("A file restored from backup repository %s is corrupted: restored file has %d bytes, the "
                    + "backup recorded %d", location(), size, file.size());
        }
        String restoredHash = Crypto.HEX.formatHex(hashList.digest());
        if (!restoredHash.equals(file.sha256())) {
            throw corrupted("A file restored from backup repository %s is corrupted: restored file has SHA-256 %s, the "
                    + "backup recorded %s", location(), restoredHash, file.sha256());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Interrupted while storing or reading backup objects", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Backup object work failed: " + e.getCause(), null, e.getCause());
        }
    }

    /**
     * Returns once every object stored so far is durable and visible (putFile leaves the fsyncs to the storage's
     * sync threads); throws the first store that failed.
     */
    public void flush() {
        storage.flush();
    }

    /**
     * Backup manifests (the caller gives JSON bytes); saved encrypted, atomically, last in a backup, after
     * {@link #flush} so a saved manifest never names an object that a crash could still lose.
     */
    public void saveManifest(String backupId, byte[] json) {
        requireNonNull(json, "json is null");
        flush();
        storage.put(manifestKey(backupId), codec.encode(json, manifestAad(backupId)));
    }

    /** The ids of all saved backups, sorted. */
    public List<String> manifestIds() {
        return storage.list(SNAPSHOTS).stream().map(key -> key.substring(SNAPSHOTS.length())).sorted().toList();
    }

    /** NOT_FOUND "No backup &lt;id&gt; in &lt;loc&gt;" when absent; CORRUPTED when it does not decrypt. */
    public byte[] readManifest(String backupId) {
        String key = manifestKey(backupId);
        byte[] stored = storage.get(key).orElseThrow(() -> ZhongtaiException.notFound("No backup %s in %s", backupId, location()));
        try {
            return codec.decode(stored, manifestAad(backupId));
        } catch (IntegrityException e) {
            throw corrupted("Backup manifest %s in %s is corrupted: %s", key, location(), e.getMessage());
        }
    }

    public void deleteManifest(String backupId) {
        storage.delete(manifestKey(backupId));
    }

    /**
     * Takes a lock: SHARED for backup/restore/verify, EXCLUSIVE for prune/forget. Lists locks/, deletes stale ones
     * (not refreshed for 2 minutes, or from this host with a pid that is not alive), fails on a conflicting live lock
     * with CONFLICT "Cannot lock backup repository &lt;loc&gt; for &lt;purpose&gt;: it is locked by &lt;other
     * purpose&gt; (host h, pid p, since &lt;ISO&gt;)", writes its own, re-lists, and backs off (deletes its own, same
     * error) if a conflicting lock appeared meanwhile. purpose e.g. "backup", "prune".
     */
    public RepositoryLock lock(LockMode mode, String purpose) {
        return RepositoryLock.acquire(storage, mode, purpose);
    }

    /** Removes tmp/ files older than an hour (file storage; a crash can leave them). Returns how many. */
    public int removeStaleTemporaries() {
        return storage.removeTemporariesOlderThan(TEMPORARY_MAX_AGE);
    }

    /** Closes the storage. */
    @Override
    public void close() {
        workers.stopNow();
        storage.close();
    }

    private Set<String> knownIds() {
        Set<String> ids = knownIds;
        if (ids == null) {
            synchronized (this) {
                if (knownIds == null) {
                    Set<String> listed = ConcurrentHashMap.newKeySet();
                    for (String key : storage.list(DATA)) {
                        String id = key.substring(key.lastIndexOf('/') + 1);
                        if (OBJECT_ID.matcher(id).matches() && key.equals(objectKey(id))) {
                            listed.add(id);
                        }
                    }
                    knownIds = listed;
                }
                ids = knownIds;
            }
        }
        return ids;
    }

    private String manifestKey(String backupId) {
        requireNonNull(backupId, "backupId is null");
        if (!BACKUP_ID.matcher(backupId).matches()) {
            throw ZhongtaiException.invalid("Backup id '%s' is not valid: it must be 1 to 200 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit", backupId);
        }
        return SNAPSHOTS + backupId;
    }

    private static byte[] manifestAad(String backupId) {
        return ("snapshot/" + backupId).getBytes(StandardCharsets.US_ASCII);
    }

    private static ZhongtaiException corrupted(String format, Object... args) {
        return new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, String.format(format, args));
    }
}
