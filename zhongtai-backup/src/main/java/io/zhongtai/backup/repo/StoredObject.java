package io.zhongtai.backup.repo;

/**
 * The outcome of storing one object: its id (64 lower-case hex characters), its size before compression and
 * encryption, and the bytes written to the storage, 0 when the repository already held it ({@code added} false).
 */
public record StoredObject(String id, long plainBytes, long storedBytes, boolean added) {}
