package io.zhongtai.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionProblem;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** One JSON endpoint as one table in the empty namespace; the whole endpoint is read as one split. */
final class HttpConnector implements Connector {
    private final ConnectorConfig config;
    private final HttpEndpoint endpoint;
    private final Pages pages;
    private final String table;
    private final Optional<List<Column>> declared;

    HttpConnector(ConnectorConfig config) {
        this.config = requireNonNull(config, "config is null");
        List<OptionProblem> problems = new ArrayList<>();
        String url = config.getString(HttpConnectorFactory.URL).trim();
        URI uri = null;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                problems.add(new OptionProblem(HttpConnectorFactory.URL, "expected an http:// or https:// URL but got '" + url + "'"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new OptionProblem(HttpConnectorFactory.URL, "not a URL: " + e.getMessage()));
        }
        String pagination = config.getChoice(HttpConnectorFactory.PAGINATION);
        if (pagination.equals("cursor") && !config.has(HttpConnectorFactory.CURSOR_PATH)) {
            problems.add(new OptionProblem(HttpConnectorFactory.CURSOR_PATH, "pagination=cursor needs the JSON pointer to the next cursor"));
        }
        if (config.has(HttpConnectorFactory.TOKEN) && config.has(HttpConnectorFactory.USERNAME)) {
            problems.add(new OptionProblem(HttpConnectorFactory.TOKEN, "give either a bearer token or a username and password, not both"));
        }
        for (String pointer : List.of(HttpConnectorFactory.RECORDS_PATH, HttpConnectorFactory.CURSOR_PATH, HttpConnectorFactory.NEXT_PATH)) {
            config.optional(pointer).filter(p -> !p.trim().startsWith("/"))
                    .ifPresent(p -> problems.add(new OptionProblem(pointer, "expected a JSON pointer starting with '/' but got '" + p + "'")));
        }
        Optional<List<Column>> columns = Optional.empty();
        try {
            columns = config.optional(HttpConnectorFactory.COLUMNS).map(RecordSchema::declared);
        } catch (IllegalArgumentException e) {
            problems.add(new OptionProblem(HttpConnectorFactory.COLUMNS, e.getMessage()));
        }
        HttpEndpoint ep = null;
        try {
            ep = new HttpEndpoint(config);
        } catch (IllegalArgumentException e) {
            problems.add(new OptionProblem(HttpConnectorFactory.HEADERS, e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException("http", problems);
        }
        this.endpoint = ep;
        this.pages = new Pages(endpoint, config);
        this.declared = columns;
        URI parsed = uri;
        this.table = config.optional(HttpConnectorFactory.TABLE).map(HttpConnector::identifier).orElseGet(() -> tableName(parsed));
    }

    /** The URL's last path segment as an identifier ({@code /api/v1/orders.json} is {@code orders}). */
    static String tableName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return identifier(path.substring(path.lastIndexOf('/') + 1).replaceAll("\\.json$", ""));
    }

    /** Lower-case letters, digits and underscores, not starting with a digit: a name the platform can use in table names. */
    static String identifier(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (name.isEmpty()) {
            return "records";
        }
        return Character.isDigit(name.charAt(0)) ? "t_" + name : name;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.BROWSE, Capability.BATCH_READ);
    }

    /** Requests the first page (authentication, status and JSON checked). */
    @Override
    public void testConnection(Duration timeout) {
        endpoint.fetch(pages.firstUri(), "page 1 of " + pages.url(), timeout);
    }

    @Override
    public List<String> listNamespaces() {
        return List.of("");
    }

    @Override
    public List<TableId> listTables(String namespace) {
        return namespace.isEmpty() ? List.of(new TableId("", table)) : List.of();
    }

    /** Declared columns, or columns inferred from the first {@code sample-pages} pages. */
    @Override
    public TableSchema describe(TableId id) {
        if (!id.namespace().isEmpty() || !id.name().equals(table)) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "No table " + id + " at " + pages.url() + "; its table is " + table);
        }
        if (declared.isPresent()) {
            return new TableSchema(id, declared.get(), List.of());
        }
        List<JsonNode> sample = new ArrayList<>();
        Iterator<Pages.Page> it = pages.iterator();
        for (int i = 0; i < config.getInt(HttpConnectorFactory.SAMPLE_PAGES) && it.hasNext(); i++) {
            sample.addAll(it.next().records());
        }
        return new TableSchema(id, RecordSchema.infer(sample), List.of());
    }

    @Override
    public List<Split> planSplits(TableSchema schema, ReadSpec spec, int maxSplits) {
        return List.of(Split.whole(-1));
    }

    @Override
    public BatchReader openReader(TableSchema schema, Split split, ReadSpec spec) {
        return new RecordReader(pages, schema, spec.batchRows());
    }

    @Override
    public void close() {
    }
}
