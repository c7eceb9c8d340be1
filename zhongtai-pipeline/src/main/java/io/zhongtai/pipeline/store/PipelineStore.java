package io.zhongtai.pipeline.store;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.metadata.MetadataStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Pipeline specs in the metadata store: every applied version, the current one, and whether it is paused. */
public final class PipelineStore {
    private final MetadataStore store;
    private final Clock clock;

    public PipelineStore(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One stored version of a pipeline. */
    public record Version(String pipeline, int version, String spec, String origin, Instant createdAt, String createdBy) {
    }

    /** A pipeline: its current version and state. */
    public record Pipeline(String name, int currentVersion, boolean paused, Instant createdAt, Instant updatedAt) {
    }

    /** What {@link #apply} did: {@code changed} is false when the text equals the current version's. */
    public record Applied(String pipeline, int version, boolean changed) {
    }

    /** Stores {@code spec} as the pipeline's new current version, unless it is the current version's text already. */
    public Applied apply(String pipeline, String spec, String origin, String actor) {
        String hash = sha256(spec);
        long now = clock.millis();
        return store.inTransaction(c -> {
            List<Integer> current = MetadataStore.query(c, "SELECT current_version FROM zt_pipeline WHERE name = ?",
                    row -> row.getInt(1), pipeline);
            if (current.isEmpty()) {
                MetadataStore.update(c, "INSERT INTO zt_pipeline (name, current_version, paused, created_at, created_by, updated_at) "
                        + "VALUES (?, 1, 0, ?, ?, ?)", pipeline, now, actor, now);
                insertVersion(c, pipeline, 1, spec, hash, origin, actor, now);
                return new Applied(pipeline, 1, true);
            }
            int version = current.get(0);
            List<String> currentHash = MetadataStore.query(c, "SELECT spec_hash FROM zt_pipeline_version WHERE pipeline = ? AND version = ?",
                    row -> row.getString(1), pipeline, version);
            if (currentHash.equals(List.of(hash))) {
                return new Applied(pipeline, version, false);
            }
            int next = MetadataStore.query(c, "SELECT max(version) FROM zt_pipeline_version WHERE pipeline = ?",
                    row -> row.getInt(1), pipeline).get(0) + 1;
            insertVersion(c, pipeline, next, spec, hash, origin, actor, now);
            MetadataStore.update(c, "UPDATE zt_pipeline SET current_version = ?, updated_at = ? WHERE name = ?", next, now, pipeline);
            return new Applied(pipeline, next, true);
        });
    }

    private static void insertVersion(java.sql.Connection c, String pipeline, int version, String spec, String hash, String origin,
                                      String actor, long now) throws java.sql.SQLException {
        MetadataStore.update(c, "INSERT INTO zt_pipeline_version (pipeline, version, spec, spec_hash, origin, created_at, created_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", pipeline, version, spec, hash, origin, now, actor);
    }

    public List<Pipeline> list() {
        return store.query("SELECT name, current_version, paused, created_at, updated_at FROM zt_pipeline ORDER BY name", PipelineStore::pipeline);
    }

    public Optional<Pipeline> find(String name) {
        return store.query("SELECT name, current_version, paused, created_at, updated_at FROM zt_pipeline WHERE name = ?",
                PipelineStore::pipeline, name).stream().findFirst();
    }

    /** The pipeline, or NOT_FOUND naming it. */
    public Pipeline get(String name) {
        return find(name).orElseThrow(() -> ZhongtaiException.notFound(
                "Pipeline '%s' does not exist; `zhongtai pipeline list` shows the applied ones", name));
    }

    /** A version of a pipeline (its current one when {@code version} is empty). */
    public Version version(String name, Optional<Integer> version) {
        int v = version.orElseGet(() -> get(name).currentVersion());
        return store.query("SELECT pipeline, version, spec, origin, created_at, created_by FROM zt_pipeline_version "
                        + "WHERE pipeline = ? AND version = ?",
                row -> new Version(row.getString(1), row.getInt(2), row.getString(3), row.getString(4),
                        Instant.ofEpochMilli(row.getLong(5)), row.getString(6)), name, v)
                .stream().findFirst()
                .orElseThrow(() -> ZhongtaiException.notFound("Pipeline '%s' has no version %d", name, v));
    }

    public List<Version> versions(String name) {
        get(name);
        return store.query("SELECT pipeline, version, spec, origin, created_at, created_by FROM zt_pipeline_version "
                        + "WHERE pipeline = ? ORDER BY version",
                row -> new Version(row.getString(1), row.getInt(2), row.getString(3), row.getString(4),
                        Instant.ofEpochMilli(row.getLong(5)), row.getString(6)), name);
    }

    /** Pauses or resumes the pipeline's schedule; returns false when it already was in that state. */
    public boolean setPaused(String name, boolean paused) {
        Pipeline p = get(name);
        if (p.paused() == paused) {
            return false;
        }
        store.update("UPDATE zt_pipeline SET paused = ?, updated_at = ? WHERE name = ?", paused ? 1 : 0, clock.millis(), name);
        return true;
    }

    private static Pipeline pipeline(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Pipeline(row.getString(1), row.getInt(2), row.getInt(3) != 0, Instant.ofEpochMilli(row.getLong(4)),
                Instant.ofEpochMilli(row.getLong(5)));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
