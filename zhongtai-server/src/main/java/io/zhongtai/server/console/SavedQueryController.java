package io.zhongtai.server.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.console.SavedQueries;
import io.zhongtai.core.console.SavedQuery;
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

/** Saved queries: every caller sees them all; only the owner changes or deletes one (403 otherwise). */
@Tag(name = "saved-queries", description = "Saved SQL queries and their charts")
@RestController
@RequestMapping("/api/v1/saved-queries")
public class SavedQueryController {
    private final SavedQueries queries;

    public SavedQueryController(SavedQueries queries) {
        this.queries = queries;
    }

    @Operation(operationId = "listSavedQueries", summary = "Every saved query, by name")
    @GetMapping
    public List<SavedQuery> list() {
        return queries.list();
    }

    @Operation(operationId = "getSavedQuery", summary = "A saved query")
    @GetMapping("/{id}")
    public SavedQuery get(@PathVariable String id) {
        return queries.get(id);
    }

    @Operation(operationId = "createSavedQuery", summary = "Save a query (name unique per owner), optionally with a chart")
    @ApiResponse(responseCode = "201", description = "Created")
    @PostMapping
    public ResponseEntity<SavedQuery> create(@RequestBody SavedQuery.Draft body, Identity caller) {
        SavedQuery saved = queries.create(caller, body);
        return ResponseEntity.created(URI.create("/api/v1/saved-queries/" + saved.id())).body(saved);
    }

    @Operation(operationId = "updateSavedQuery", summary = "Replace a saved query's name, SQL, namespace and chart (owner only)")
    @PutMapping("/{id}")
    public SavedQuery update(@PathVariable String id, @RequestBody SavedQuery.Draft body, Identity caller) {
        return queries.update(caller, id, body);
    }

    @Operation(operationId = "deleteSavedQuery", summary = "Delete a saved query (owner only; 409 while a dashboard shows it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id, Identity caller) {
        queries.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
