package io.zhongtai.server.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.backup.BackupRepos;
import io.zhongtai.backup.BackupService;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.session.TableSummary;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.store.QualityStore;
import io.zhongtai.pipeline.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the web console asks at sign-in and on its home page, and the names it completes in the SQL editor. */
@Tag(name = "console", description = "The web console's sign-in check, home page and SQL completion")
@RestController
@RequestMapping("/api/v1")
public class ConsoleController {
    static final int RECENT_RUNS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleController.class);

    private final Platform platform;
    private final PipelineService pipelines;
    private final BackupService backups;

    public ConsoleController(Platform platform, PipelineService pipelines, BackupService backups) {
        this.platform = platform;
        this.pipelines = pipelines;
        this.backups = backups;
    }

    @Schema(description = "The caller: its name, the token's name (null for callers without a token) and the principal "
            + "that owner fields of saved queries and dashboards hold")
    public record Me(String name, String token, String principal) {
    }

    public record Overview(int sources, int namespaces, int tables, long rows, long bytes, List<RunStore.Run> recentRuns,
                           List<FailingRule> failingRules, List<RepoStatus> backups) {
    }

    @Schema(description = "A quality rule whose latest result on the table did not pass")
    public record FailingRule(String table, String rule, String type, String severity, long failingRows, Instant checkedAt) {
    }

    @Schema(description = "A backup repository's newest backup and each table's recovery point; only `error` when it cannot be opened")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepoStatus(String repo, Instant newest, List<RecoveryPoint> tables, String error) {
    }

    @Schema(description = "A table's newest backup; all but `table` null when it was never backed up to the repository")
    public record RecoveryPoint(String table, String backupId, Instant backedUpAt, Long ageSeconds) {
    }

    public record TableColumns(String namespace, String table, List<Column> columns) {
    }

    public record Column(String name, String type) {
    }

    @Operation(operationId = "getMe", summary = "Who the token belongs to (the console checks a token with it at sign-in)")
    @GetMapping("/me")
    public Me me(Identity caller) {
        return new Me(caller.name(), caller.kind() == Identity.Kind.TOKEN ? caller.name() : null, caller.principal());
    }

    @Operation(operationId = "getOverview", summary = "The console's home page in one call: counts, sizes, recent runs, failing rules, backups",
            description = "Rows and bytes are summed from each table's current snapshot summary (no scans). A backup repository "
                    + "that cannot be opened reports its error instead of failing the overview.")
    @GetMapping("/overview")
    public Overview overview(Identity caller) {
        Session session = Session.of(caller);
        List<TableSummary> tables = platform.sessions().tableSummaries(session);
        List<FailingRule> failing = pipelines.quality().latestFailures().stream().map(ConsoleController::failingRule).toList();
        return new Overview(platform.integration().sources(session).size(), platform.sessions().namespaces(session).size(), tables.size(),
                tables.stream().mapToLong(TableSummary::rows).sum(), tables.stream().mapToLong(TableSummary::bytes).sum(),
                pipelines.runs(null, RECENT_RUNS), failing, backups.repos().list().stream().map(this::repoStatus).toList());
    }

    @Operation(operationId = "listCatalogColumns", summary = "Every table's columns in one call, for completion (from metadata, no scans)")
    @GetMapping("/catalog/columns")
    public List<TableColumns> columns(Identity caller) {
        List<TableColumns> out = new ArrayList<>();
        for (TableSummary t : platform.sessions().tableSummaries(Session.of(caller))) {
            out.add(new TableColumns(t.namespace(), t.table(), t.columns().stream().map(c -> new Column(c.name(), c.type())).toList()));
        }
        return out;
    }

    private static FailingRule failingRule(QualityStore.StoredResult r) {
        return new FailingRule(r.table(), r.rule(), r.type(), r.severity().name().toLowerCase(Locale.ROOT), r.failingRows(), r.checkedAt());
    }

    private RepoStatus repoStatus(BackupRepos.RepoInfo repo) {
        BackupService.Status status;
        try {
            status = backups.status(repo.name());
        } catch (RuntimeException e) {
            LOG.warn("Overview: cannot read backup repository {}: {}", repo.name(), e.toString());
            return new RepoStatus(repo.name(), null, null, "Cannot read backup repository " + repo.name() + ": " + e.getMessage());
        }
        List<RecoveryPoint> tables = status.tables().stream().map(t -> new RecoveryPoint(t.table(), t.backupId(), t.backedUpAt(),
                t.age() == null ? null : t.age().toSeconds())).toList();
        return new RepoStatus(repo.name(), status.newest(), tables, null);
    }
}
