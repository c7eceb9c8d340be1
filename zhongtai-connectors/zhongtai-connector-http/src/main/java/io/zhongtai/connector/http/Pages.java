package io.zhongtai.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.options.ConnectorConfig;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The pages of an endpoint, one request at a time, following the configured pagination: page numbers, offsets,
 * a cursor taken from each response, or a next link (body field or Link header). Reading stops on an empty page or
 * when there is no next cursor/link; more than {@code max-pages} pages fail the read.
 */
final class Pages {
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");

    /** One page: its number (from 1), its records, and the response it came from. */
    record Page(int number, List<JsonNode> records, HttpEndpoint.Response response) {
    }

    private final HttpEndpoint endpoint;
    private final String url;
    private final String pagination;
    private final Optional<String> recordsPath;
    private final ConnectorConfig config;
    private final int maxPages;
    private final Duration timeout;

    Pages(HttpEndpoint endpoint, ConnectorConfig config) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.config = requireNonNull(config, "config is null");
        this.url = config.getString(HttpConnectorFactory.URL).trim();
        this.pagination = config.getChoice(HttpConnectorFactory.PAGINATION);
        this.recordsPath = config.optional(HttpConnectorFactory.RECORDS_PATH).map(String::trim);
        this.maxPages = config.getInt(HttpConnectorFactory.MAX_PAGES);
        this.timeout = config.getDuration(HttpConnectorFactory.TIMEOUT);
    }

    String url() {
        return url;
    }

    /** Iterates the pages lazily; each {@code next()} is one request. */
    Iterator<Page> iterator() {
        return new Iterator<>() {
            private URI nextUri = firstUri();
            private int number = 0;
            private long offset = 0;
            private Page buffered;

            @Override
            public boolean hasNext() {
                if (buffered == null && nextUri != null) {
                    buffered = fetch();
                }
                return buffered != null;
            }

            @Override
            public Page next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Page page = buffered;
                buffered = null;
                return page;
            }

            private Page fetch() {
                number++;
                if (number > maxPages) {
                    throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot read " + url + ": more than max-pages="
                            + maxPages + " pages; raise max-pages if the endpoint really has more, or check the pagination options");
                }
                String what = "page " + number + " of " + url;
                HttpEndpoint.Response response = endpoint.fetch(nextUri, what, timeout);
                List<JsonNode> records = records(response.body(), what);
                offset += records.size();
                nextUri = records.isEmpty() ? null : nextUri(response, number, offset);
                return records.isEmpty() && number > 1 ? null : new Page(number, records, response);
            }
        };
    }

    URI firstUri() {
        return switch (pagination) {
            case "page" -> withParameters(url, config.getString(HttpConnectorFactory.PAGE_PARAM), String.valueOf(config.getInt(HttpConnectorFactory.START_PAGE)),
                    config.getString(HttpConnectorFactory.SIZE_PARAM), String.valueOf(config.getInt(HttpConnectorFactory.PAGE_SIZE)));
            case "offset" -> withParameters(url, config.getString(HttpConnectorFactory.OFFSET_PARAM), "0",
                    config.getString(HttpConnectorFactory.LIMIT_PARAM), String.valueOf(config.getInt(HttpConnectorFactory.PAGE_SIZE)));
            default -> URI.create(url);
        };
    }

    private URI nextUri(HttpEndpoint.Response response, int number, long offset) {
        return switch (pagination) {
            case "page" -> withParameters(url, config.getString(HttpConnectorFactory.PAGE_PARAM),
                    String.valueOf(config.getInt(HttpConnectorFactory.START_PAGE) + number),
                    config.getString(HttpConnectorFactory.SIZE_PARAM), String.valueOf(config.getInt(HttpConnectorFactory.PAGE_SIZE)));
            case "offset" -> withParameters(url, config.getString(HttpConnectorFactory.OFFSET_PARAM), String.valueOf(offset),
                    config.getString(HttpConnectorFactory.LIMIT_PARAM), String.valueOf(config.getInt(HttpConnectorFactory.PAGE_SIZE)));
            case "cursor" -> {
                JsonNode cursor = response.body().at(config.getString(HttpConnectorFactory.CURSOR_PATH).trim());
                yield cursor.isMissingNode() || cursor.isNull() || cursor.asText().isEmpty() ? null
                        : withParameters(url, config.getString(HttpConnectorFactory.CURSOR_PARAM), cursor.asText());
            }
            case "link" -> nextLink(response).map(link -> response.uri().resolve(link)).orElse(null);
            default -> null;
        };
    }

    private Optional<String> nextLink(HttpEndpoint.Response response) {
        Optional<String> nextPath = config.optional(HttpConnectorFactory.NEXT_PATH).map(String::trim);
        if (nextPath.isPresent()) {
            JsonNode next = response.body().at(nextPath.get());
            return next.isMissingNode() || next.isNull() || next.asText().isEmpty() ? Optional.empty() : Optional.of(next.asText());
        }
        return response.link().flatMap(Pages::relNext);
    }

    /** The target of {@code rel="next"} in an RFC 8288 Link header. */
    static Optional<String> relNext(String header) {
        Matcher m = NEXT_LINK.matcher(header);
        while (m.find()) {
            for (String param : m.group(2).split(";")) {
                int eq = param.indexOf('=');
                if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("rel")
                        && List.of(param.substring(eq + 1).replace("\"", "").trim().toLowerCase(java.util.Locale.ROOT).split("\\s+"))
                        .contains("next")) {
                    return Optional.of(m.group(1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /** The records of a response: the array at {@code records-path}, or the body when it is an array. */
    List<JsonNode> records(JsonNode body, String what) {
        JsonNode array = recordsPath.map(body::at).orElse(body);
        if (array.isMissingNode() || array.isNull()) {
            if (recordsPath.isPresent()) {
                throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Response to " + what + " has nothing at records-path "
                        + recordsPath.get() + "; its fields: " + fieldNames(body));
            }
        }
        if (!array.isArray()) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Response to " + what + " is not an array of records"
                    + (recordsPath.map(p -> " at records-path " + p).orElse("; set records-path to the array (JSON pointer such as /data)"))
                    + (body.isObject() ? "; its fields: " + fieldNames(body) : ""));
        }
        List<JsonNode> records = new ArrayList<>(array.size());
        array.forEach(records::add);
        return records;
    }

    private static String fieldNames(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** The URL with query parameters added (an empty name skips its parameter). */
    static URI withParameters(String url, String... nameValues) {
        StringBuilder b = new StringBuilder(url);
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i].isBlank()) {
                continue;
            }
            b.append(b.indexOf("?") < 0 ? '?' : '&').append(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(b.toString());
    }
}
