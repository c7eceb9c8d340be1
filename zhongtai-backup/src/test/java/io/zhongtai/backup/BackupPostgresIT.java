package io.zhongtai.backup;

import io.zhongtai.backup.BackupRepos.RepoLocation;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.Platform;
import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.testkit.TestingPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disaster recovery of a platform whose metadata and catalog live in PostgreSQL: the database is lost (dropped and
 * created empty), the home directory too, and the platform comes back from the backup alone.
 */
class BackupPostgresIT {
    @TempDir
    Path dir;

    @Test
    void aPlatformOnPostgresComesBackIntoAnEmptyDatabaseAndHome() throws Exception {
        try (TestingPostgres postgres = new TestingPostgres()) {
            String url = postgres.createDatabase();
            Path home = dir.resolve("home");
            Files.createDirectories(home);
            Files.writeString(home.resolve("zhongtai.yaml"), "metadata:\n  url: " + url + "\n  user: " + postgres.user() + "\n");
            RepoLocation repo = RepoLocation.parse(dir.resolve("repo").toUri().toString(), S3Options.DEFAULT);
            String backupId;
            CreatedToken token;
            try (PlatformFixture fixture = new PlatformFixture(Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of()))) {
                fixture.run("CREATE TABLE dwd.orders (id BIGINT, amount DECIMAL(12,2)) PARTITIONED BY (bucket(4, id))");
                fixture.run("INSERT INTO dwd.orders SELECT range, range * 1.5 FROM range(1000)");
                token = fixture.platform.tokens().create("ci", Identity.system());
                BackupService backups = new BackupService(fixture.platform, Clock.systemUTC());
                backups.repos().add("dr", repo, "pg passphrase".toCharArray(), "test");
                backupId = backups.create("dr", BackupManifest.Scope.everything(), null, "test", ProgressListener.NONE).id();
            }
            String database = url.substring(url.lastIndexOf('/') + 1);
            postgres.execute(postgres.jdbcUrl("postgres"), "DROP DATABASE " + database, "CREATE DATABASE " + database);

            Path restored = dir.resolve("restored");
            RestoreService.restoreHome(repo, "pg passphrase".toCharArray(), backupId, restored, false, Map.of(), ProgressListener.NONE);

            assertThat(Files.readString(restored.resolve("zhongtai.yaml"))).contains(url);
            try (PlatformFixture copy = new PlatformFixture(Platform.open(PlatformHome.resolve(restored.toString(), Map.of()), Map.of()))) {
                assertThat(copy.rows("SELECT count(*), sum(amount) FROM dwd.orders")).containsExactly(List.of(1000L, new java.math.BigDecimal("749250.00")));
                assertThat(copy.platform.tokens().authenticate(token.secret())).isPresent();
                assertThat(copy.platform.lakehouse().table(io.zhongtai.core.lakehouse.TableName.parse("dwd.orders", null)).spec().fields())
                        .singleElement().satisfies(f -> assertThat(f.transform().toString()).isEqualTo("bucket[4]"));
                assertThat(new BackupService(copy.platform, Clock.systemUTC()).list("dr")).extracting(BackupService.BackupSummary::id)
                        .containsExactly(backupId);
            }
        }
    }
}
