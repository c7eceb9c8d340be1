package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A repository in a local (or mounted) directory. Puts write a file under tmp/, fsync it, and rename it into place,
 * so a key never shows a partial file; a crash can leave files in tmp/, which {@link #removeTemporariesOlderThan}
 * cleans up.
 */
final class FileStorage implements RepositoryStorage {
    private static final String TEMPORARY_DIRECTORY = "tmp";

    private final Path root;

    FileStorage(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    static FileStorage at(URI url) {
        try {
            return new FileStorage(Path.of(url));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw ZhongtaiException.invalid("Cannot open backup repository %s: it is not a file URL with an absolute path "
                    + "(file:///absolute/path): %s", url, e.getMessage());
        }
    }

    @Override
    public String location() {
        return "file://" + root;
    }

    @Override
    public void put(String key, byte[] bytes) {
        Path target = resolve(key);
        Path temporary = null;
        try {
            Path temporaryDirectory = Files.createDirectories(root.resolve(TEMPORARY_DIRECTORY));
            temporary = Files.createTempFile(temporaryDirectory, "put-", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.createDirectories(target.getParent());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteAfterFailure(temporary, e);
            throw failure("write", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        int lastSlash = prefix.lastIndexOf('/');
        Path directory = lastSlash < 0 ? root : resolve(prefix.substring(0, lastSlash));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile)
                    .map(this::keyOf)
                    .filter(key -> key.startsWith(prefix) && !key.startsWith(TEMPORARY_DIRECTORY + "/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw failure("list", prefix, e);
        } catch (UncheckedIOException e) {
            throw failure("list", prefix, e.getCause());
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public int removeTemporariesOlderThan(Duration maxAge) {
        Path directory = root.resolve(TEMPORARY_DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(maxAge);
        int removed = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw failure("clean up", TEMPORARY_DIRECTORY + "/", e);
        }
        return removed;
    }

    @Override
    public void close() {}

    private Path resolve(String key) {
        requireNonNull(key, "key is null");
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw ZhongtaiException.invalid("Cannot use key '%s' in backup repository %s: keys are relative paths "
                        + "of non-empty names other than . and .., separated by '/'", key, location());
            }
        }
        return root.resolve(key);
    }

    private String keyOf(Path file) {
        List<String> segments = new ArrayList<>();
        root.relativize(file).forEach(name -> segments.add(name.toString()));
        return String.join("/", segments);
    }

    /** Makes a rename durable; opening a directory for fsync is not supported everywhere (Windows), hence only tried. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // The rename itself has happened; only its durability across a power loss is then up to the file system.
        }
    }

    private static void deleteAfterFailure(Path temporary, IOException failure) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private ZhongtaiException failure(String action, String key, IOException e) {
        return new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                "Cannot " + action + " " + location() + "/" + key + ": " + e, null, e);
    }
}
