package io.zhongtai.backup.repo;

/** Argon2id cost parameters for turning a passphrase into a key; they are stored in each key file. */
record KdfParameters(int memoryKib, int iterations, int parallelism) {
    /** 64 MiB, 3 passes, 1 lane: a few tenths of a second on a server core. */
    static final KdfParameters DEFAULT = new KdfParameters(65536, 3, 1);
    /** Key files asking for more memory than this are refused rather than risking an OutOfMemoryError. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    /** Why these parameters are unusable, or null when they are fine. */
    String problem() {
        if (parallelism < 1 || parallelism > 64) {
            return "parallelism " + parallelism + " is not between 1 and 64";
        }
        if (iterations < 1 || iterations > 100) {
            return "iterations " + iterations + " is not between 1 and 100";
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            return "memory_kib " + memoryKib + " is not between " + 8 * parallelism + " (8 per lane) and " + MAX_MEMORY_KIB;
        }
        return null;
    }
}
