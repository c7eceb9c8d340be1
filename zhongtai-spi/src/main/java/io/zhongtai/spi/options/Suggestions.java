package io.zhongtai.spi.options;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for a misspelt name: the known name within a small edit distance, or the one it is a prefix of. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The known name closest to {@code name}: a typo small relative to the name (at most 2 edits and at most half
     * its length: short names are close to everything), else a known name that {@code name} (4+ characters) starts.
     */
    public static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(candidate, name);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= 2 && bestDistance <= best.length() / 2) {
            return Optional.of(best);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return known.stream().filter(candidate -> name.length() >= 4 && candidate.startsWith(lower)).findFirst();
    }

    /** Case-insensitive Levenshtein distance. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }
}
