package io.zhongtai.server.tables;

import io.zhongtai.core.ZhongtaiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Uploaded files saved under a private temporary directory with their original (sanitised) names,
 * so that the loader sees the real extensions and reports rejected rows by file name. Closing
 * deletes the directory.
 */
final class Uploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    private static final int MAX_NAME_LENGTH = 120;

    private final Path dir;
    private final List<String> paths;

    private Uploads(Path dir, List<String> paths) {
        this.dir = dir;
        this.paths = List.copyOf(paths);
    }

    static Uploads save(List<MultipartFile> files) {
        Path dir;
        try {
            dir = Files.createTempDirectory("zhongtai-upload-");
        } catch (IOException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot store the upload: " + e.getMessage(), null, e);
        }
        List<String> paths = new ArrayList<>();
        Set<String> used = new HashSet<>();
        try {
            for (MultipartFile file : files) {
                String name = unique(sanitize(file.getOriginalFilename()), used);
                Path target = dir.resolve(name);
                file.transferTo(target);
                paths.add(target.toString());
            }
            return new Uploads(dir, paths);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            if (e instanceof ZhongtaiException z) {
                throw z;
            }
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot store the upload: " + e.getMessage(), null, e);
        }
    }

    List<String> paths() {
        return paths;
    }

    /**
     * The last path segment, with every character other than letters, digits, '.', '_' and '-'
     * replaced by '_' (so no glob characters or separators reach the loader) and no leading dots.
     */
    static String sanitize(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[^\\p{L}\\p{N}._-]", "_").replaceFirst("^\\.+", "");
        if (name.length() > MAX_NAME_LENGTH) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_NAME_LENGTH - ext.length()) + ext;
        }
        return name.isEmpty() ? "upload" : name;
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; !used.add(candidate); i++) {
            candidate = base + "_" + i + ext;
        }
        return candidate;
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete upload directory {}: {}", dir, e.toString());
        }
    }
}
