package io.zhongtai.server.system;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.server.ServerVersion;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness and Prometheus metrics. */
@Tag(name = "system", description = "Health and metrics")
@RestController
@RequestMapping("/api/v1")
public class SystemController {
    public static final String HEALTH_PATH = "/api/v1/health";
    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;

    public SystemController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public record Health(String status, String version) {
    }

    @Operation(operationId = "health", summary = "Liveness (no authentication)")
    @SecurityRequirements
    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public Health health() {
        return new Health("UP", ServerVersion.get());
    }

    @Operation(operationId = "metrics", summary = "Prometheus metrics (text format 0.0.4)",
            description = "HTTP request timers (http_server_requests_seconds), SQL statements by outcome "
                    + "(zhongtai_sql_statements_total), open cursors, JVM and process metrics")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    @GetMapping("/metrics")
    public ResponseEntity<String> metrics(Identity caller) {
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }
}
