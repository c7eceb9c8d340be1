package io.zhongtai.core.session;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * One caller's conversation with the platform: who they are, their current namespace (changed by
 * {@code USE ns}) and the tables whose writes go to a branch. Every read and write is made on behalf of a session.
 */
public final class Session {
    private final Identity identity;
    private volatile String namespace;
    private final Map<TableName, String> writeBranches = new ConcurrentHashMap<>();
    private volatile Statement running;
    private volatile boolean cancelled;

    public Session(Identity identity, String namespace) {
        this.identity = requireNonNull(identity, "identity is null");
        this.namespace = TableName.checkIdentifier(namespace, "namespace");
    }

    public static Session of(Identity identity) {
        return new Session(identity, "ods");
    }

    public Identity identity() {
        return identity;
    }

    public String namespace() {
        return namespace;
    }

    public void useNamespace(String namespace) {
        this.namespace = TableName.checkIdentifier(namespace, "namespace");
    }

    /**
     * Sends this session's INSERT, INSERT OVERWRITE, UPDATE, DELETE and MERGE on {@code table} to the Iceberg branch
     * {@code branch} instead of main (write-audit-publish); null sends them to main again.
     */
    public void writeToBranch(TableName table, String branch) {
        if (branch == null) {
            writeBranches.remove(table);
        } else {
            writeBranches.put(table, branch);
        }
    }

    /**
     * Called by the engine with each statement it runs on this session's behalf, just before running it, so that
     * {@link #cancel()} can interrupt it. Once cancelled, a session starts no statement: this throws instead (an
     * interrupt only stops a statement already executing).
     *
     * @throws ZhongtaiException CONFLICT if the session was cancelled
     */
    public void running(Statement statement) {
        if (cancelled) {
            throw ZhongtaiException.conflict("Statement not started: its session was cancelled");
        }
        running = statement;
    }

    /** Stops the statement running for this session now, and any it would run next (a timed-out pipeline node). */
    public void cancel() {
        cancelled = true;
        Statement current = running;
        if (current != null) {
            interrupt(current);
        }
    }

    /** Whether {@link #cancel()} was called: a statement failing afterwards failed because it was interrupted. */
    public boolean cancelled() {
        return cancelled;
    }

    private static void interrupt(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // Finished or closed meanwhile: nothing left to stop.
        }
    }

    /** The branch writes to {@code table} go to, or null for main. */
    public String writeBranch(TableName table) {
        return writeBranches.get(table);
    }
}
