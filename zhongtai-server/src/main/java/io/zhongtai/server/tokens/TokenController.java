package io.zhongtai.server.tokens;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.auth.TokenInfo;
import io.zhongtai.server.web.Require;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** API tokens. Any authenticated caller may manage tokens (there are no roles yet). */
@Tag(name = "tokens", description = "API tokens")
@RestController
@RequestMapping("/api/v1/tokens")
public class TokenController {
    private final Platform platform;

    public TokenController(Platform platform) {
        this.platform = platform;
    }

    public record CreateTokenRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name) {
    }

    @Schema(description = "A new token; the secret is shown only in this response")
    public record NewToken(String id, String name, String token) {
    }

    public record Token(String id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt, boolean revoked,
                        String createdBy) {
        static Token of(TokenInfo t) {
            return new Token(t.id(), t.name(), t.createdAt(), t.lastUsedAt().orElse(null), t.revokedAt().orElse(null),
                    t.revoked(), t.createdBy());
        }
    }

    @Operation(operationId = "listTokens", summary = "List tokens (never their secrets), revoked ones included")
    @GetMapping
    public List<Token> list(Identity caller) {
        return platform.tokens().list().stream().map(Token::of).toList();
    }

    @Operation(operationId = "createToken", summary = "Create a token", description = "The response is the only time the secret is shown")
    @ApiResponse(responseCode = "201", description = "Created")
    @PostMapping
    public ResponseEntity<NewToken> create(@RequestBody CreateTokenRequest request, Identity caller) {
        String name = Require.field(request.name(), "name");
        CreatedToken token = audited(caller, "token.create", name, () -> platform.tokens().create(name, caller));
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new NewToken(token.id(), token.name(), token.secret()));
    }

    @Operation(operationId = "revokeToken", summary = "Revoke a token by name or id")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/{nameOrId}")
    public ResponseEntity<Void> revoke(@PathVariable String nameOrId, Identity caller) {
        audited(caller, "token.revoke", nameOrId, () -> {
            platform.tokens().revoke(nameOrId);
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    /** Token changes are recorded in the audit log like table changes (TokenService itself does not audit). */
    private <T> T audited(Identity caller, String action, String target, java.util.function.Supplier<T> work) {
        try {
            T out = work.get();
            platform.audit().record(caller, action, target, null, "ok");
            return out;
        } catch (RuntimeException e) {
            platform.audit().record(caller, action, target, null, "error: " + e.getMessage());
            throw e;
        }
    }
}
