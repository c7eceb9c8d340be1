package io.zhongtai.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.options.ConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Requests to one endpoint: authentication and headers, retries with backoff on 429/5xx and timeouts (a Retry-After
 * header wins), and failures classified by status. Secrets go into headers only and never into messages.
 */
final class HttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    /** A parsed response: its JSON body and the Link header, if any. */
    record Response(URI uri, JsonNode body, Optional<String> link) {
    }

    private final String method;
    private final Optional<String> body;
    private final List<String[]> headers;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private volatile HttpClient client;

    HttpEndpoint(ConnectorConfig config) {
        this.method = config.getString(HttpConnectorFactory.METHOD).trim().toUpperCase(java.util.Locale.ROOT);
        this.body = config.optional(HttpConnectorFactory.BODY);
        this.timeout = config.getDuration(HttpConnectorFactory.TIMEOUT);
        this.retries = config.getInt(HttpConnectorFactory.RETRIES);
        this.backoff = config.getDuration(HttpConnectorFactory.RETRY_BACKOFF);
        List<String[]> h = new ArrayList<>();
        for (String header : config.getList(HttpConnectorFactory.HEADERS)) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("Invalid header, expected 'Name: value': " + header);
            }
            h.add(new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()});
        }
        config.optional(HttpConnectorFactory.API_KEY).ifPresent(k -> h.add(new String[] {config.getString(HttpConnectorFactory.API_KEY_HEADER).trim(), k}));
        config.optional(HttpConnectorFactory.TOKEN).ifPresent(t -> h.add(new String[] {"Authorization", "Bearer " + t}));
        config.optional(HttpConnectorFactory.USERNAME).ifPresent(user -> h.add(new String[] {"Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + config.optional(HttpConnectorFactory.PASSWORD).orElse(""))
                .getBytes(StandardCharsets.UTF_8))}));
        this.headers = List.copyOf(h);
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
                }
            }
        }
        return client;
    }

    /** Fetches one page; {@code what} names it in messages (e.g. "page 3 of https://host/path"). */
    Response fetch(URI uri, String what, Duration requestTimeout) {
        requireNonNull(uri, "uri is null");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        headers.forEach(h -> request.header(h[0], h[1]));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.orElse("{}")));
        } else {
            request.GET();
        }
        HttpRequest built = request.build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = client().send(built, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                throw unreachable(uri, e);
            } catch (HttpTimeoutException e) {
                if (attempt < retries) {
                    pause(uri, what, attempt, null, "timed out after " + requestTimeout.toMillis() + " ms");
                    continue;
                }
                throw unreachable(uri, e);
            } catch (IOException e) {
                throw unreachable(uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(ConnectorException.Kind.FAILED, "Interrupted while requesting " + what, e);
            }
            int status = response.statusCode();
            if ((status == 429 || status >= 500) && attempt < retries) {
                pause(uri, what, attempt, response.headers().firstValue("Retry-After").orElse(null), "answered " + status);
                continue;
            }
            if (status >= 300) {
                throw failure(status, response, what);
            }
            return new Response(uri, parse(response.body(), what), response.headers().firstValue("Link"));
        }
    }

    private void pause(URI uri, String what, int attempt, String retryAfter, String reason) {
        Duration wait = retryAfter(retryAfter).orElse(backoff.multipliedBy(1L << Math.min(attempt, 20)));
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        LOG.warn("{} of {} {}; retry {} of {} in {} ms", method, what, reason, attempt + 1, retries, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Interrupted while waiting to retry " + uri, e);
        }
    }

    /** Retry-After in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    private ConnectorException failure(int status, HttpResponse<byte[]> response, String what) {
        String message = method + " " + what + " answered HTTP " + status + excerpt(response.body());
        ConnectorException.Kind kind = switch (status) {
            case 401, 403 -> ConnectorException.Kind.AUTHENTICATION;
            case 404, 410 -> ConnectorException.Kind.NOT_FOUND;
            default -> ConnectorException.Kind.FAILED;
        };
        return new ConnectorException(kind, status == 429 || status >= 500 ? message + " (after " + retries + " retries)" : message);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    private static ConnectorException unreachable(URI uri, Exception e) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return new ConnectorException(ConnectorException.Kind.UNREACHABLE, "Cannot reach " + uri.getHost() + ":" + port + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    /** The body as JSON; a body that is not JSON is INVALID_DATA naming the page and where parsing stopped. */
    static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Response to " + what + " is empty, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Response to " + what + " is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage() + excerpt(body), e);
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot read response to " + what + ": " + e.getMessage(), e);
        }
    }
}
