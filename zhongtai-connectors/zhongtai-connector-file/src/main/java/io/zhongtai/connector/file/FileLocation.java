package io.zhongtai.connector.file;


import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The {@code path} option split into a root directory and an optional glob, and the table model over it:
 * <ul>
 *   <li>a glob: every matching data file forms one table named after the glob's fixed part
 *       ({@code /data/sales/*.csv} and {@code /data/sales*.csv} give {@code sales});</li>
 *   <li>a file: one table named by its stem;</li>
 *   <li>a directory: each data file directly in it is a table named by its stem ({@code orders.csv} is
 *       {@code orders}) and each sub-directory is one table of all data files below it; a file and a directory with
 *       the same name are one table.</li>
 * </ul>
 * Names are lower-cased identifiers. Files and directories whose name starts with '.' or '_' are not data.
 */
final class FileLocation {
    private static final String GLOB_CHARACTERS = "*?{[";

    private final String path;
    private final String root;
    private final Optional<String> glob;
    private final Optional<PathMatcher> matcher;

    private FileLocation(String path, String root, Optional<String> glob) {
        this.path = path;
        this.root = root;
        this.glob = glob;
        this.matcher = glob.map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    }

    /** Parses a local path (relative ones against the working directory) or the key part of an s3:// URL. */
    static FileLocation parse(String path) {
        requireNonNull(path, "path is null");
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int globAt = firstGlobCharacter(trimmed);
        if (globAt < 0) {
            return new FileLocation(path, trimmed, Optional.empty());
        }
        int slash = trimmed.lastIndexOf('/', globAt);
        String root = slash < 0 ? "" : trimmed.substring(0, slash);
        return new FileLocation(path, root, Optional.of(trimmed.substring(slash + 1)));
    }

    private static int firstGlobCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (GLOB_CHARACTERS.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The directory every file is under: where listings start and exports write. */
    String root() {
        return root;
    }

    boolean isGlob() {
        return glob.isPresent();
    }

    /** Tables by name with their files, sorted. */
    Map<String, List<StoredFile>> tables(FileStore store, Optional<DataFormat> format) {
        Map<String, List<StoredFile>> tables = new TreeMap<>();
        if (glob.isPresent()) {
            List<StoredFile> matched = new ArrayList<>();
            for (StoredFile f : store.list(root)) {
                String relative = relative(f.key());
                if (matcher.get().matches(Path.of(relative)) && isData(relative, format)) {
                    matched.add(f);
                }
            }
            if (!matched.isEmpty()) {
                tables.put(globTableName(), matched);
            }
            return tables;
        }
        Optional<StoredFile> single = store.stat(root);
        if (single.isPresent()) {
            tables.put(tableName(DataFormat.stem(single.get().fileName())), List.of(single.get()));
            return tables;
        }
        for (StoredFile f : store.list(root)) {
            String relative = relative(f.key());
            if (!isData(relative, format)) {
                continue;
            }
            int slash = relative.indexOf('/');
            String name = tableName(slash < 0 ? DataFormat.stem(relative) : relative.substring(0, slash));
            tables.computeIfAbsent(name, n -> new ArrayList<>()).add(f);
        }
        return tables;
    }

    private String relative(String key) {
        return root.isEmpty() ? key : key.substring(root.endsWith("/") ? root.length() : root.length() + 1);
    }

    private static boolean isData(String relative, Optional<DataFormat> format) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return false;
            }
        }
        return format.isPresent() || DataFormat.ofFileName(relative).isPresent();
    }

    /** The glob's fixed part: the text before its first wildcard, or the directory holding it. */
    private String globTableName() {
        String fixed = path.substring(0, firstGlobCharacter(path));
        String lastSegment = fixed.substring(fixed.lastIndexOf('/') + 1);
        return tableName(lastSegment.isEmpty() ? root.substring(root.lastIndexOf('/') + 1) : lastSegment);
    }

    /** A clean identifier: lower case letters, digits and underscores, not starting with a digit. */
    static String tableName(String text) {
        String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("_+", "_")
                .replaceAll("^_|_$", "");
        if (name.isEmpty()) {
            return "files";
        }
        return Character.isDigit(name.charAt(0)) ? "t_" + name : name;
    }

    @Override
    public String toString() {
        return path;
    }
}
