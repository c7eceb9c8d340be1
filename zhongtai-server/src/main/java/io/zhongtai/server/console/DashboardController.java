package io.zhongtai.server.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.console.Dashboard;
import io.zhongtai.core.console.Dashboards;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * Dashboards: grids of saved queries. Every caller sees them all; only the owner changes or deletes one. A single
 * dashboard comes with its cells' queries embedded, so the console renders it from one response.
 */
@Tag(name = "dashboards", description = "Dashboards: grids of saved queries")
@RestController
@RequestMapping("/api/v1/dashboards")
public class DashboardController {
    private final Dashboards dashboards;

    public DashboardController(Dashboards dashboards) {
        this.dashboards = dashboards;
    }

    @Operation(operationId = "listDashboards", summary = "Every dashboard, by name, with its plain layout")
    @GetMapping
    public List<Dashboard> list() {
        return dashboards.list();
    }

    @Operation(operationId = "getDashboard", summary = "A dashboard, each cell with its saved query's name, sql, namespace and chart")
    @GetMapping("/{id}")
    public Dashboard.View get(@PathVariable String id) {
        return dashboards.view(id);
    }

    @Operation(operationId = "createDashboard", summary = "Create a dashboard (name unique per owner); answers the embedded view")
    @ApiResponse(responseCode = "201", description = "Created")
    @PostMapping
    public ResponseEntity<Dashboard.View> create(@RequestBody Dashboard.Draft body, Identity caller) {
        Dashboard created = dashboards.create(caller, body);
        return ResponseEntity.created(URI.create("/api/v1/dashboards/" + created.id())).body(dashboards.view(created.id()));
    }

    @Operation(operationId = "updateDashboard", summary = "Replace a dashboard's name, layout and refresh (owner only); answers the embedded view")
    @PutMapping("/{id}")
    public Dashboard.View update(@PathVariable String id, @RequestBody Dashboard.Draft body, Identity caller) {
        dashboards.update(caller, id, body);
        return dashboards.view(id);
    }

    @Operation(operationId = "deleteDashboard", summary = "Delete a dashboard (owner only)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id, Identity caller) {
        dashboards.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
