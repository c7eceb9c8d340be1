package io.zhongtai.connector.http;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/** A JSON REST endpoint (with pagination) as one table. */
public final class HttpConnectorFactory implements ConnectorFactory {
    static final String URL = "url";
    static final String METHOD = "method";
    static final String BODY = "body";
    static final String HEADERS = "headers";
    static final String TOKEN = "token";
    static final String API_KEY = "api-key";
    static final String API_KEY_HEADER = "api-key-header";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String RECORDS_PATH = "records-path";
    static final String PAGINATION = "pagination";
    static final String PAGE_PARAM = "page-param";
    static final String SIZE_PARAM = "size-param";
    static final String PAGE_SIZE = "page-size";
    static final String START_PAGE = "start-page";
    static final String OFFSET_PARAM = "offset-param";
    static final String LIMIT_PARAM = "limit-param";
    static final String CURSOR_PATH = "cursor-path";
    static final String CURSOR_PARAM = "cursor-param";
    static final String NEXT_PATH = "next-path";
    static final String MAX_PAGES = "max-pages";
    static final String TABLE = "table";
    static final String COLUMNS = "columns";
    static final String SAMPLE_PAGES = "sample-pages";
    static final String TIMEOUT = "timeout";
    static final String RETRIES = "retries";
    static final String RETRY_BACKOFF = "retry-backoff";

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "A JSON REST endpoint (page, offset, cursor or link pagination) as one table";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(URL, "The endpoint's URL (http or https), query string included").asRequired(),
                OptionSpec.oneOf(METHOD, "GET", "HTTP method; pagination parameters always go into the query string", "GET", "POST"),
                OptionSpec.string(BODY, "Request body sent as application/json with POST"),
                OptionSpec.list(HEADERS, "Extra request headers, comma-separated 'Name: value' pairs (values cannot contain commas; "
                        + "not secret: put keys in token or api-key)"),
                OptionSpec.string(TOKEN, "Bearer token, sent as 'Authorization: Bearer <token>'").asSecret(),
                OptionSpec.string(API_KEY, "API key, sent in the header named by api-key-header").asSecret(),
                OptionSpec.string(API_KEY_HEADER, "Header carrying api-key").withDefault("X-API-Key"),
                OptionSpec.string(USERNAME, "User for HTTP basic authentication"),
                OptionSpec.string(PASSWORD, "Password for HTTP basic authentication").asSecret(),
                OptionSpec.string(RECORDS_PATH, "JSON pointer to the array of records in each response, e.g. /data/items "
                        + "(default: the body itself, which must then be an array)"),
                OptionSpec.oneOf(PAGINATION, "none", "How to get the next page: none, page (page number), offset (offset/limit), "
                        + "cursor (a cursor from the response), link (a next URL in the body or an RFC 8288 Link header)",
                        "none", "page", "offset", "cursor", "link"),
                OptionSpec.string(PAGE_PARAM, "Query parameter carrying the page number (pagination=page)").withDefault("page"),
                OptionSpec.string(SIZE_PARAM, "Query parameter carrying the page size (pagination=page)").withDefault("size"),
                OptionSpec.integer(PAGE_SIZE, 100, "Records asked for per page (pagination=page and offset)"),
                OptionSpec.integer(START_PAGE, 1, "Number of the first page (pagination=page)"),
                OptionSpec.string(OFFSET_PARAM, "Query parameter carrying the offset (pagination=offset)").withDefault("offset"),
                OptionSpec.string(LIMIT_PARAM, "Query parameter carrying the limit (pagination=offset)").withDefault("limit"),
                OptionSpec.string(CURSOR_PATH, "JSON pointer to the next page's cursor in a response, e.g. /meta/next_cursor "
                        + "(pagination=cursor; a missing or null cursor ends the read)"),
                OptionSpec.string(CURSOR_PARAM, "Query parameter carrying the cursor (pagination=cursor)").withDefault("cursor"),
                OptionSpec.string(NEXT_PATH, "JSON pointer to the next page's URL in a response (pagination=link; "
                        + "default: the Link header's rel=\"next\")"),
                OptionSpec.integer(MAX_PAGES, 10_000, "Safety limit: a read that would need more pages fails instead of running forever"),
                OptionSpec.string(TABLE, "Name of the table (default: the URL's last path segment)"),
                OptionSpec.string(COLUMNS, "Declared columns instead of inference, e.g. 'id bigint, name varchar, "
                        + "amount decimal(10,2), created timestamptz, payload json'"),
                OptionSpec.integer(SAMPLE_PAGES, 1, "Pages sampled to infer the columns"),
                OptionSpec.duration(TIMEOUT, "30s", "Timeout of each request (and of connecting)"),
                OptionSpec.integer(RETRIES, 3, "Retries of a request answered 429 or 5xx, or timing out"),
                OptionSpec.duration(RETRY_BACKOFF, "1s", "Wait before the first retry, doubled for each next one; "
                        + "a Retry-After header overrides it"));
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new HttpConnector(config);
    }
}
