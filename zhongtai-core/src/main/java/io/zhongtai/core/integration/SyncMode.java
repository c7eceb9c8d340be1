package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;

import java.util.Locale;

/** How a sync copies a source table. */
public enum SyncMode {
    /** Read everything (parallel splits), replace the table's rows in one commit. */
    FULL,
    /** Read rows past the stored high-water mark of a cursor column and upsert them by primary key; for topics and
     *  queues, consume the messages that are there and append them. */
    INCREMENTAL,
    /** Snapshot, then follow the change log (Debezium), upserting and deleting by primary key. */
    CDC;

    public static SyncMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ZhongtaiException.invalid("Unknown sync mode '%s': use full, incremental or cdc", text);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
