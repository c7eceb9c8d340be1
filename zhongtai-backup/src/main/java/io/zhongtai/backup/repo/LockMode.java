package io.zhongtai.backup.repo;

/** SHARED locks (backup, restore, verify) coexist; an EXCLUSIVE lock (prune, forget) excludes every other lock. */
public enum LockMode {
    SHARED,
    EXCLUSIVE;

    boolean conflictsWith(LockMode other) {
        return this == EXCLUSIVE || other == EXCLUSIVE;
    }
}
