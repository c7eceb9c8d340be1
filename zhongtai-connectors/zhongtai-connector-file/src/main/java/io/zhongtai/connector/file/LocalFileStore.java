package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.ConnectorException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** Files on a local (or mounted) file system. */
final class LocalFileStore implements FileStore {
    @Override
    public List<StoredFile> list(String directory) {
        Path dir = Path.of(directory);
        if (!Files.isDirectory(dir)) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "Directory does not exist: " + directory);
        }
        List<StoredFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                stat(p.toString()).ifPresent(files::add);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot list directory " + directory + ": " + e.getMessage(), e);
        }
        return files;
    }

    @Override
    public Optional<StoredFile> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(key), BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new StoredFile(key, a.size(), a.lastModifiedTime().toInstant())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot read attributes of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void check(String directory, Duration timeout) {
        Path dir = Path.of(directory);
        if (!Files.exists(dir)) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "Path does not exist: " + directory);
        }
        if (!Files.isReadable(dir)) {
            throw new ConnectorException(ConnectorException.Kind.AUTHENTICATION, "Path is not readable by this process: " + directory);
        }
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public Path fetch(StoredFile file, Path workDir) {
        return Path.of(file.key());
    }

    /** Copies next to the target under a hidden name (never listed as data), then renames atomically. */
    @Override
    public void put(Path local, String key) {
        Path target = Path.of(key);
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.copy(local, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot write file " + key + ": " + e, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        for (String key : keys) {
            try {
                Files.deleteIfExists(Path.of(key));
            } catch (IOException e) {
                throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot delete file " + key + ": " + e, e);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a hidden temp file is never read as data
        }
    }

    @Override
    public String display(String key) {
        return key;
    }

    @Override
    public void close() {
    }
}
