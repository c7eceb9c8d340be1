package io.zhongtai.server.backups;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.backup.BackupManifest;
import io.zhongtai.backup.BackupRepos;
import io.zhongtai.backup.BackupRuns;
import io.zhongtai.backup.BackupSchedules;
import io.zhongtai.backup.BackupService;
import io.zhongtai.backup.RestoreService;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.server.web.Require;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Backups: repositories, backups, verification, restores of tables into this platform, recovery points and run
 * history. Backups and restores run within the request. Whole-platform restores into a new home are CLI only
 * (`zhongtai restore --into-home`): there is no running platform to serve them.
 */
@Tag(name = "backups", description = "Encrypted, deduplicated backups of tables and platform metadata, and restores")
@RestController
@RequestMapping("/api/v1/backups")
public class BackupController {
    private final Platform platform;
    private final BackupService backups;
    private final RestoreService restores;

    public BackupController(Platform platform, BackupService backups) {
        this.platform = platform;
        this.backups = backups;
        this.restores = new RestoreService(platform, backups, Clock.systemUTC());
    }

    public record AddRepoBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "file:///path or s3://bucket/prefix") String url,
                              @Schema(description = "S3-compatible endpoint; then path-style addressing is used") String endpoint,
                              String region, String accessKey, String secretKey,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Initialises an empty location; opens an existing repository") String passphrase) {
    }

    public record CreateBody(@Schema(description = "Only these tables (ns.table)") List<String> tables,
                             @Schema(description = "Only the tables of these namespaces") List<String> namespaces, String tag) {
    }

    public record VerifyBody(@Schema(description = "Read every object and check it, not just that it exists") Boolean readData) {
    }

    public record RestoreBody(@Schema(description = "Tables (ns.table) or namespaces; all of the backup's when empty") List<String> tables,
                              @Schema(description = "A new name for the one chosen table") String as, Boolean dryRun) {
    }

    /** A backup without its object lists. */
    public record Backup(String id, Instant createdAt, String tag, String host, String createdBy, String scope, List<BackupTable> tables,
                         BackupManifest.Stats stats) {
        static Backup of(BackupManifest m) {
            return new Backup(m.id(), m.createdAt(), m.tag(), m.host(), m.createdBy(), m.scope().describe(), m.tables().stream()
                    .map(t -> new BackupTable(t.name(), t.snapshotId(), t.rowCount(), t.files().size(), t.bytes())).toList(), m.stats());
        }
    }

    public record BackupTable(String name, Long snapshotId, long rows, int files, long bytes) {
    }

    @Operation(operationId = "listBackupRepos", summary = "Registered backup repositories (never their passphrase or keys)")
    @GetMapping("/repos")
    public List<BackupRepos.RepoInfo> repos() {
        return backups.repos().list();
    }

    @Operation(operationId = "addBackupRepo", summary = "Register a repository, initialising an empty location with the passphrase")
    @PostMapping("/repos")
    public ResponseEntity<BackupRepos.RepoInfo> addRepo(@RequestBody AddRepoBody body, Identity caller) {
        String endpoint = body.endpoint();
        S3Options s3 = new S3Options(endpoint == null ? null : URI.create(endpoint), body.region(), body.accessKey(), body.secretKey(), endpoint != null);
        BackupRepos.RepoLocation location = BackupRepos.RepoLocation.parse(Require.field(body.url(), "url"), s3);
        BackupRepos.RepoInfo info = backups.repos().add(Require.field(body.name(), "name"), location,
                Require.field(body.passphrase(), "passphrase").toCharArray(), caller.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(info);
    }

    @Operation(operationId = "listBackups", summary = "Backups of a repository, oldest first")
    @GetMapping("/repos/{repo}/backups")
    public List<BackupService.BackupSummary> list(@PathVariable String repo) {
        return backups.list(repo);
    }

    @Operation(operationId = "showBackup", summary = "One backup: its tables, snapshots, rows and figures")
    @GetMapping("/repos/{repo}/backups/{id}")
    public Backup show(@PathVariable String repo, @PathVariable String id) {
        return Backup.of(backups.show(repo, id));
    }

    @Operation(operationId = "createBackup", summary = "Back up tables (all by default) with the platform's metadata and configuration")
    @PostMapping("/repos/{repo}/backups")
    public ResponseEntity<Backup> create(@PathVariable String repo, @RequestBody(required = false) CreateBody body, Identity caller) {
        List<String> tables = body == null || body.tables() == null ? List.of() : body.tables();
        List<String> namespaces = body == null || body.namespaces() == null ? List.of() : body.namespaces();
        BackupManifest.Scope scope = tables.isEmpty() && namespaces.isEmpty() ? BackupManifest.Scope.everything()
                : new BackupManifest.Scope(false, namespaces, tables);
        BackupManifest manifest = backups.create(repo, scope, body == null ? null : body.tag(), caller.name(), ProgressListener.NONE);
        return ResponseEntity.status(HttpStatus.CREATED).body(Backup.of(manifest));
    }

    @Operation(operationId = "verifyBackups", summary = "Check every backup's objects; a problem is an error naming the object")
    @PostMapping("/repos/{repo}/verify")
    public BackupService.VerifyResult verify(@PathVariable String repo, @RequestBody(required = false) VerifyBody body, Identity caller) {
        return backups.verify(repo, body != null && Boolean.TRUE.equals(body.readData()), caller.name(), ProgressListener.NONE);
    }

    @Operation(operationId = "restoreBackup", summary = "Restore tables of a backup into this platform (new tables, or new snapshots of existing ones)")
    @PostMapping("/repos/{repo}/backups/{id}/restore")
    public RestoreService.RestorePlan restore(@PathVariable String repo, @PathVariable String id, @RequestBody(required = false) RestoreBody body,
                                              Identity caller) {
        List<String> tables = body == null || body.tables() == null ? List.of() : body.tables();
        return restores.restoreTables(repo, id, tables, body == null ? null : body.as(), body != null && Boolean.TRUE.equals(body.dryRun()),
                caller.name(), ProgressListener.NONE);
    }

    @Operation(operationId = "backupStatus", summary = "Each table's recovery point (newest backup and its age) and the last restore's time")
    @GetMapping("/repos/{repo}/status")
    public BackupService.Status status(@PathVariable String repo) {
        return backups.status(repo);
    }

    @Operation(operationId = "listBackupRuns", summary = "Backup, restore, verify and prune runs, newest first")
    @GetMapping("/runs")
    public List<BackupRuns.Run> runs(@RequestParam(defaultValue = "50") int limit) {
        return backups.runs().list(null, Require.between(limit, 50, 1, 1000, "limit"));
    }

    @Operation(operationId = "listBackupSchedules", summary = "Scheduled backups")
    @GetMapping("/schedules")
    public List<BackupSchedules.Schedule> schedules() {
        return new BackupSchedules(platform.metadata(), Clock.systemUTC()).list();
    }
}
