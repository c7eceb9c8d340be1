package io.zhongtai.backup;

import io.zhongtai.backup.repo.Repository;
import io.zhongtai.backup.repo.RepositoryStorage;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.SecretBox;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.metadata.MetadataException;
import io.zhongtai.core.metadata.MetadataStore;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The backup repositories registered with the platform. The passphrase and S3 keys are kept encrypted with the
 * platform's master key, so scheduled backups run unattended; the passphrase alone opens the repository when the
 * platform is lost (see {@link RestoreService#restoreHome}).
 */
public final class BackupRepos {
    private final MetadataStore store;
    private final SecretBox secrets;
    private final Clock clock;

    /** A registered repository; keys and passphrase stay encrypted here. */
    public record RepoInfo(String name, String url, String endpoint, String region, boolean pathStyle, boolean hasKeys,
                           String repositoryId, Instant createdAt, String createdBy) {
    }

    /** Where a repository is and how to reach it. */
    public record RepoLocation(URI url, S3Options s3) {
        public RepoLocation {
            requireNonNull(url, "url is null");
            requireNonNull(s3, "s3 is null");
        }

        public static RepoLocation parse(String url, S3Options s3) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ZhongtaiException.invalid("Cannot use backup repository URL %s: %s", url, e.getMessage());
            }
            if (!"file".equals(uri.getScheme()) && !"s3".equals(uri.getScheme())) {
                throw ZhongtaiException.invalid("Cannot use backup repository URL %s: expected file:///path or s3://bucket/prefix", url);
            }
            return new RepoLocation(uri, s3);
        }

        public RepositoryStorage openStorage() {
            return RepositoryStorage.open(url, s3);
        }
    }

    public BackupRepos(MetadataStore store, SecretBox secrets, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Registers a repository: initialises it with {@code passphrase} when the location is empty, or opens the one
     * there with it (a repository made elsewhere, e.g. by the platform being restored).
     */
    public RepoInfo add(String name, RepoLocation location, char[] passphrase, String actor) {
        TableName.checkIdentifier(name, "repository name");
        if (find(name) != null) {
            throw ZhongtaiException.conflict("Cannot add backup repository %s: a repository with that name is registered", name);
        }
        String repositoryId;
        try (RepositoryStorage storage = location.openStorage()) {
            boolean exists = storage.get("config").isPresent();
            try (Repository repository = exists ? Repository.open(storage, passphrase) : Repository.init(storage, passphrase)) {
                repositoryId = repository.id();
            }
        }
        S3Options s3 = location.s3();
        try {
            store.update("INSERT INTO zt_backup_repo (name, url, endpoint, region, path_style, access_key, secret_key, passphrase, "
                            + "repository_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    name, location.url().toString(), s3.endpoint() == null ? null : s3.endpoint().toString(), s3.region(),
                    s3.pathStyle() ? 1 : 0, seal(s3.accessKey(), name, "access_key"), seal(s3.secretKey(), name, "secret_key"),
                    seal(new String(passphrase), name, "passphrase"), repositoryId, clock.millis(), actor);
        } catch (MetadataException e) {
            throw ZhongtaiException.conflict("Cannot add backup repository %s: a repository with that name is registered", name);
        }
        return find(name);
    }

    public List<RepoInfo> list() {
        return store.query("SELECT name, url, endpoint, region, path_style, access_key, repository_id, created_at, created_by "
                + "FROM zt_backup_repo ORDER BY name", row -> new RepoInfo(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getInt(5) == 1, row.getString(6) != null, row.getString(7), Instant.ofEpochMilli(row.getLong(8)),
                row.getString(9)));
    }

    public RepoInfo get(String name) {
        RepoInfo info = find(name);
        if (info == null) {
            throw ZhongtaiException.notFound("No backup repository %s; registered: %s", name, list().stream().map(RepoInfo::name).toList());
        }
        return info;
    }

    /** Unregisters a repository; its contents stay where they are. */
    public void remove(String name) {
        if (store.update("DELETE FROM zt_backup_repo WHERE name = ?", name) == 0) {
            throw ZhongtaiException.notFound("No backup repository %s", name);
        }
    }

    /** Opens a registered repository with its stored passphrase, checking that the location still holds the same one. */
    public Repository open(String name) {
        RepoInfo info = get(name);
        record Secrets(String accessKey, String secretKey, String passphrase) {
        }
        Secrets sealed = store.query("SELECT access_key, secret_key, passphrase FROM zt_backup_repo WHERE name = ?",
                row -> new Secrets(row.getString(1), row.getString(2), row.getString(3)), name).get(0);
        S3Options s3 = new S3Options(info.endpoint() == null ? null : URI.create(info.endpoint()), info.region(),
                unseal(sealed.accessKey(), name, "access_key"), unseal(sealed.secretKey(), name, "secret_key"), info.pathStyle());
        RepositoryStorage storage = new RepoLocation(URI.create(info.url()), s3).openStorage();
        Repository repository;
        try {
            repository = Repository.open(storage, unseal(sealed.passphrase(), name, "passphrase").toCharArray());
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        if (!repository.id().equals(info.repositoryId())) {
            repository.close();
            throw ZhongtaiException.conflict("Cannot use backup repository %s: %s now holds repository %s, not %s registered here",
                    name, info.url(), repository.id(), info.repositoryId());
        }
        return repository;
    }

    private RepoInfo find(String name) {
        return list().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private String seal(String value, String repo, String field) {
        return value == null ? null : secrets.encrypt(value, "backup_repo/" + repo + "/" + field);
    }

    private String unseal(String value, String repo, String field) {
        return value == null ? null : secrets.decrypt(value, "backup_repo/" + repo + "/" + field);
    }
}
