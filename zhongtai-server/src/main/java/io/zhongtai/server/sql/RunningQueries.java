package io.zhongtai.server.sql;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SqlResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Statements started with a client-chosen {@code queryId}, so that the same caller can cancel one while it runs
 * ({@code DELETE /api/v1/sql/queries/{queryId}}). Ids are per principal: another token's query is never found.
 */
public final class RunningQueries {
    private static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Map<String, Session> running = new ConcurrentHashMap<>();

    /**
     * Runs {@code work} for {@code session}, cancellable under {@code queryId} until it returns; without a queryId it
     * just runs. A cancelled statement fails with 409 saying so; when the cancel came too late to interrupt it, a query
     * still fails so, while a statement that changed data reports what it did (it has committed).
     */
    SqlResult run(Identity caller, String queryId, Session session, Supplier<SqlResult> work) {
        if (queryId == null) {
            return work.get();
        }
        if (!QUERY_ID.matcher(queryId).matches()) {
            throw ZhongtaiException.invalid("Invalid value for 'queryId': '%s', expected 1 to 64 letters, digits, '_' or '-'", queryId);
        }
        String key = key(caller, queryId);
        if (running.putIfAbsent(key, session) != null) {
            throw ZhongtaiException.conflict("Cannot start query %s: a query with this queryId is already running for %s", queryId, caller.name());
        }
        SqlResult result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            throw session.cancelled() ? cancelled(queryId, e) : e;
        } finally {
            running.remove(key, session);
        }
        if (session.cancelled() && !result.columns().isEmpty()) {
            // The cancel came while the statement was not executing (about to start, or just done): a query's rows are
            // dropped as asked. A statement that changed data has committed by now, so its outcome is answered as it is.
            result.close();
            throw cancelled(queryId, null);
        }
        return result;
    }

    private static ZhongtaiException cancelled(String queryId, Throwable cause) {
        return new ZhongtaiException(ZhongtaiException.Kind.CONFLICT, "Query " + queryId + " was cancelled", null, cause);
    }

    /** Interrupts the caller's running query {@code queryId}. */
    void cancel(Identity caller, String queryId) {
        Session session = running.get(key(caller, queryId));
        if (session == null) {
            throw ZhongtaiException.notFound("No running query %s: it finished, never started, or was started by another token", queryId);
        }
        session.cancel();
    }

    private static String key(Identity caller, String queryId) {
        return caller.principal() + "\n" + queryId;
    }
}
