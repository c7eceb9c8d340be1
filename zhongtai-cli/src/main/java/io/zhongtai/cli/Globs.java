package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Expands file arguments with glob patterns ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, {@code **}) on this machine. */
final class Globs {
    private Globs() {
    }

    static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The files the arguments name, in argument order and sorted within each pattern; fails if an argument matches nothing. */
    static List<Path> expand(List<String> arguments) {
        Set<Path> files = new LinkedHashSet<>();
        for (String arg : arguments) {
            if (!isGlob(arg)) {
                Path p = Path.of(arg);
                if (!Files.isRegularFile(p)) {
                    throw ZhongtaiException.notFound("Cannot load, no such file: %s", arg);
                }
                files.add(p);
                continue;
            }
            String[] segments = arg.split("/", -1);
            int first = 0;
            while (first < segments.length && !isGlob(segments[first])) {
                first++;
            }
            String baseText = String.join("/", java.util.Arrays.copyOfRange(segments, 0, first));
            Path base = baseText.isEmpty() ? Path.of(arg.startsWith("/") ? "/" : ".") : Path.of(baseText);
            String rest = String.join("/", java.util.Arrays.copyOfRange(segments, first, segments.length));
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
            int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - first;
            List<Path> matched = new ArrayList<>();
            if (Files.isDirectory(base)) {
                try (Stream<Path> walk = Files.walk(base, depth)) {
                    walk.filter(Files::isRegularFile).filter(p -> matcher.matches(base.relativize(p))).sorted().forEach(matched::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + base + ": " + e.getMessage(), e);
                }
            }
            if (matched.isEmpty()) {
                throw ZhongtaiException.notFound("Cannot load, no files match: %s", arg);
            }
            files.addAll(matched);
        }
        return List.copyOf(files);
    }
}
