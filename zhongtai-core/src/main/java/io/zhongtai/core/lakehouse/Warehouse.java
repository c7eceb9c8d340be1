package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Where table files live, and how DuckDB, which reaches only local files, reads and writes them.
 * A {@link Local} warehouse is a directory DuckDB uses directly. An {@link S3} warehouse keeps
 * metadata and data files in a bucket: DuckDB writes into a local staging directory, the files are
 * uploaded before the commit, and reads are served from a local read-through cache (Iceberg data
 * files never change, so a cached copy never goes stale).
 */
public abstract sealed class Warehouse permits Warehouse.Local, Warehouse.S3 {
    /** One file under a table's location, for orphan cleanup. */
    public record StoredFile(String location, long size, long modifiedMillis) {
    }

    Warehouse() {
    }

    public static Local local(Path dir) {
        return new Local(dir);
    }

    /**
     * An S3 (or S3-compatible) warehouse at {@code s3://bucket/prefix}; {@code localDir} holds the
     * read cache ({@code localDir/warehouse}) and the write staging area ({@code localDir/staging}).
     */
    public static S3 s3(String bucket, Optional<String> prefix, Map<String, String> ioProperties, Path localDir) {
        return new S3(bucket, prefix, ioProperties, localDir);
    }

    /** The catalog's warehouse location. */
    public abstract String location();

    /** Extra catalog properties (the FileIO and its settings). */
    public abstract Map<String, String> catalogProperties();

    /** Creates what must exist before the catalog opens. */
    abstract void initialize();

    /** The local directories DuckDB may read and write: the data files it reads and the write directories. */
    public abstract List<Path> localDirectories();

    /** A fresh local directory (not yet created) for one write's files of {@code table}. */
    public abstract Path newWriteDir(Table table);

    /**
     * Makes a file written into a {@link #newWriteDir write directory} of {@code table} part of the
     * table's storage and returns its Iceberg location; the local file may be moved away.
     */
    public abstract String publish(Table table, Path file);

    /** Called once the files written into {@code dir} have all been published. */
    public abstract void published(Path dir);

    /** A local path DuckDB can read for the data file at {@code location} of {@code table}. */
    public abstract String readablePath(Table table, String location);

    /** The files under the table's location. */
    public abstract List<StoredFile> list(Table table);

    /** A location in the form {@link #list} and {@link #key} agree on, to compare with referenced files. */
    public abstract String key(String location);

    /** Deletes listed files, then whatever empty directories are left. */
    public abstract void delete(Table table, List<StoredFile> files);

    /** The warehouse directory of today's layout: data files are plain local files. */
    public static final class Local extends Warehouse {
        private final Path dir;

        Local(Path dir) {
            this.dir = requireNonNull(dir, "dir is null").toAbsolutePath();
        }

        public Path dir() {
            return dir;
        }

        @Override
        public String location() {
            return dir.toString();
        }

        @Override
        public Map<String, String> catalogProperties() {
            return Map.of();
        }

        @Override
        void initialize() {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                        "Cannot create warehouse directory " + dir + ": " + e.getMessage(), null, e);
            }
        }

        @Override
        public List<Path> localDirectories() {
            return List.of(dir);
        }

        @Override
        public Path newWriteDir(Table table) {
            return Warehouse.newWriteDir(Path.of(TableScan.localPath(table.location()), "data"));
        }

        @Override
        public String publish(Table table, Path file) {
            return file.toString();
        }

        @Override
        public void published(Path dir) {
            // the written files are the table's files
        }

        @Override
        public String readablePath(Table table, String location) {
            return TableScan.localPath(location);
        }

        @Override
        public List<StoredFile> list(Table table) {
            Path root = Path.of(TableScan.localPath(table.location()));
            List<StoredFile> out = new ArrayList<>();
            if (!Files.isDirectory(root)) {
                return out;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.filter(Files::isRegularFile).toList()) {
                    out.add(new StoredFile(p.toString(), Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        /** A Hadoop checksum file {@code .x.crc} belongs to {@code x}; any other file stands for itself. */
        @Override
        public String key(String location) {
            Path p = Path.of(TableScan.localPath(location)).toAbsolutePath().normalize();
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(".crc")) {
                return p.resolveSibling(name.substring(1, name.length() - 4)).toString();
            }
            return p.toString();
        }

        @Override
        public void delete(Table table, List<StoredFile> files) {
            try {
                for (StoredFile f : files) {
                    Files.deleteIfExists(Path.of(f.location()));
                }
                removeEmptyDirectories(Path.of(TableScan.localPath(table.location()), "data"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Metadata and data files in a bucket; DuckDB works on a local staging area and read cache. */
    public static final class S3 extends Warehouse {
        private final String location;
        private final Map<String, String> ioProperties;
        private final Path cacheDir;
        private final Path stagingDir;

        S3(String bucket, Optional<String> prefix, Map<String, String> ioProperties, Path localDir) {
            requireNonNull(bucket, "bucket is null");
            this.location = "s3://" + bucket + prefix.map(p -> "/" + p).orElse("");
            this.ioProperties = Map.copyOf(ioProperties);
            Path local = requireNonNull(localDir, "localDir is null").toAbsolutePath();
            this.cacheDir = local.resolve("warehouse");
            this.stagingDir = local.resolve("staging");
        }

        /** The read cache: a copy of each data file read or written by this home, at {@code <bucket>/<key>}. */
        public Path cacheDir() {
            return cacheDir;
        }

        public Path stagingDir() {
            return stagingDir;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public Map<String, String> catalogProperties() {
            Map<String, String> props = new HashMap<>(ioProperties);
            props.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
            // The JDK's HTTP client: no Apache or Netty client on the class path.
            props.put("http-client.type", "urlconnection");
            return props;
        }

        @Override
        void initialize() {
            try {
                Files.createDirectories(cacheDir);
                Files.createDirectories(stagingDir);
            } catch (IOException e) {
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                        "Cannot create the S3 warehouse's local directories " + cacheDir + ", " + stagingDir + ": " + e.getMessage(), null, e);
            }
        }

        @Override
        public List<Path> localDirectories() {
            return List.of(cacheDir, stagingDir);
        }

        @Override
        public Path newWriteDir(Table table) {
            return Warehouse.newWriteDir(stagingDir.resolve(relative(table.location())).resolve("data"));
        }

        @Override
        public String publish(Table table, Path file) {
            Path tableStaging = stagingDir.resolve(relative(table.location()));
            Path rel = tableStaging.relativize(file.toAbsolutePath().normalize());
            if (rel.startsWith("..")) {
                throw new IllegalArgumentException("Not in a write directory of " + table.name() + ": " + file);
            }
            StringBuilder target = new StringBuilder(table.location());
            rel.forEach(part -> target.append('/').append(part));
            String dataLocation = target.toString();
            OutputFile out = table.io().newOutputFile(dataLocation);
            try (InputStream in = Files.newInputStream(file); PositionOutputStream os = out.create()) {
                in.transferTo(os);
            } catch (IOException e) {
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                        "Cannot upload data file " + dataLocation + ": " + e.getMessage(), null, e);
            }
            // The written copy is the cached copy: reading it back needs no download.
            try {
                Path cached = cachePath(dataLocation);
                Files.createDirectories(cached.getParent());
                Files.move(file, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // only a missed cache entry: the first read downloads it
            }
            return dataLocation;
        }

        @Override
        public void published(Path dir) {
            TableWriter.deleteQuietly(dir);
        }

        @Override
        public String readablePath(Table table, String location) {
            Path cached = cachePath(location);
            if (Files.isRegularFile(cached)) {
                return cached.toString();
            }
            InputFile in = table.io().newInputFile(location);
            Path tmp = null;
            try {
                Files.createDirectories(cached.getParent());
                tmp = Files.createTempFile(cached.getParent(), ".download-", ".tmp");
                try (InputStream s = in.newStream()) {
                    Files.copy(s, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return cached.toString();
            } catch (IOException | RuntimeException e) {
                if (tmp != null) {
                    tmp.toFile().delete();
                }
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                        "Cannot read data file " + location + " of " + table.name() + ": " + e.getMessage(), null, e);
            }
        }

        @Override
        public List<StoredFile> list(Table table) {
            if (!(table.io() instanceof SupportsPrefixOperations io)) {
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                        "Cannot list the files of " + table.name() + ": its FileIO cannot list", null, null);
            }
            List<StoredFile> out = new ArrayList<>();
            for (FileInfo f : io.listPrefix(table.location() + "/")) {
                if (f.location().endsWith("/")) {
                    continue; // a directory marker some S3-compatible stores list, not a file
                }
                out.add(new StoredFile(f.location(), f.size(), f.createdAtMillis()));
            }
            return out;
        }

        @Override
        public String key(String location) {
            return location;
        }

        @Override
        public void delete(Table table, List<StoredFile> files) {
            for (StoredFile f : files) {
                table.io().deleteFile(f.location());
                try {
                    Files.deleteIfExists(cachePath(f.location()));
                } catch (IOException | RuntimeException ignored) {
                    // an unreachable cached copy of a deleted file is never read
                }
            }
            try {
                removeEmptyDirectories(stagingDir.resolve(relative(table.location())).resolve("data"));
            } catch (IOException ignored) {
                // empty staging directories cost nothing
            }
        }

        private Path cachePath(String location) {
            return cacheDir.resolve(relative(location));
        }

        /** {@code s3://bucket/a/b} as the relative path {@code bucket/a/b}; refuses what could leave the directory. */
        static Path relative(String location) {
            URI uri = URI.create(location);
            String path = uri.getRawPath() == null ? "" : uri.getPath();
            String joined = uri.getAuthority() + path;
            Path rel = Path.of("");
            for (String part : joined.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (part.equals(".") || part.equals("..") || part.indexOf('\\') >= 0) {
                    throw new IllegalArgumentException("Unsupported object location: " + location);
                }
                rel = rel.resolve(part);
            }
            return rel;
        }
    }

    static Path newWriteDir(Path data) {
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + data, e);
        }
        return data.resolve("w-" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static void removeEmptyDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && Files.isDirectory(p)) {
                    try (Stream<Path> children = Files.list(p)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }
}
