package io.zhongtai.server.namespaces;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;
import io.zhongtai.server.web.Require;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Namespaces (warehouse layers such as ods, dwd, dws, ads) and their tables. */
@Tag(name = "namespaces", description = "Namespaces (warehouse layers) and their tables")
@RestController
@RequestMapping("/api/v1/namespaces")
public class NamespaceController {
    private final Platform platform;

    public NamespaceController(Platform platform) {
        this.platform = platform;
    }

    public record Namespace(String name) {
    }

    @Operation(operationId = "listNamespaces", summary = "List namespaces")
    @GetMapping
    public List<Namespace> list(Identity caller) {
        return platform.sessions().namespaces(Session.of(caller)).stream().map(Namespace::new).toList();
    }

    @Operation(operationId = "createNamespace", summary = "Create a namespace")
    @ApiResponse(responseCode = "201", description = "Created")
    @PostMapping
    public ResponseEntity<Namespace> create(@RequestBody Namespace request, Identity caller) {
        String name = TableName.checkIdentifier(Require.field(request.name(), "name"), "namespace");
        platform.sessions().createNamespace(Session.of(caller), name);
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/namespaces/" + name)).body(new Namespace(name));
    }

    @Operation(operationId = "dropNamespace", summary = "Drop a namespace", description = "Fails with 409 if it has tables, unless cascade=true drops them too")
    @ApiResponse(responseCode = "204", description = "Dropped")
    @DeleteMapping("/{namespace}")
    public ResponseEntity<Void> drop(@PathVariable String namespace, @RequestParam(defaultValue = "false") boolean cascade,
                                     Identity caller) {
        platform.sessions().dropNamespace(Session.of(caller), namespace, cascade);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listTables", summary = "List the tables of a namespace")
    @GetMapping("/{namespace}/tables")
    public List<TableName> tables(@PathVariable String namespace, Identity caller) {
        String ns = TableName.checkIdentifier(namespace, "namespace");
        return platform.sessions().tables(Session.of(caller), ns);
    }
}
