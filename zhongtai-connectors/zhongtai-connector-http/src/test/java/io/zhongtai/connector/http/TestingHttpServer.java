package io.zhongtai.connector.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** The JDK's HTTP server on a free port, answering with handlers the test registers; records every request. */
final class TestingHttpServer implements AutoCloseable {
    /** A request as the handler sees it. */
    record Request(String method, String path, Map<String, String> query, String authorization, String body,
                   Map<String, String> headers) {
        int intParam(String name, int otherwise) {
            String v = query.get(name);
            return v == null ? otherwise : Integer.parseInt(v);
        }
    }

    /** What to answer: status, JSON (or any) body, extra headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(String body) {
            return new Answer(200, body, Map.of());
        }

        static Answer status(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    TestingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    TestingHttpServer handle(String path, Function<Request, Answer> handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                Request request = request(exchange);
                requests.add(request);
                Answer answer = handler.apply(request);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            }
        });
        return this;
    }

    private static Request request(HttpExchange exchange) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                exchange.getRequestHeaders().getFirst("Authorization"), body, headers);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** JSON array of {@code count} records {"id": from.., "name": "n<id>"}. */
    static String records(int from, int count) {
        StringBuilder b = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            b.append(i == from ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}");
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
