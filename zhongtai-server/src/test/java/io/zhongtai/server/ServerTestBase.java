package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts a real platform on a temporary home and the server on a free port; HTTP helpers for the API tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerTestBase {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    Platform platform;
    ZhongtaiServer server;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of());
        CreatedToken created = platform.tokens().create("it", Identity.localUser());
        token = created.secret();
        long t0 = System.nanoTime();
        server = ZhongtaiServer.start(platform, "127.0.0.1", 0);
        System.out.printf("ZhongtaiServer.start took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path, token).DELETE().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> put(String path, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> sql(String sql) {
        return post("/api/v1/sql", body(Map.of("sql", sql)));
    }

    JsonNode sqlOk(String sql) {
        HttpResponse<String> r = sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static String body(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.has("type")).isTrue();
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("instance").asText()).startsWith("/");
        return p;
    }
}
