package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options both JDBC connectors share, declared once; each factory adds its dialect's own ({@code schema},
 * {@code copy-file-bytes}) and its default port.
 */
public final class JdbcOptions {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String DATABASE = "database";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String SOCKET_TIMEOUT = "socket-timeout";
    public static final String FETCH_SIZE = "fetch-size";
    public static final String SSL_MODE = "ssl-mode";
    public static final String SSL_ROOT_CERT = "ssl-root-cert";
    public static final String WRITE_BATCH_ROWS = "write-batch-rows";
    public static final String PROPERTIES = "properties";

    private JdbcOptions() {
    }

    /** The shared options with {@code defaultPort}, followed by the dialect's own. */
    public static List<OptionSpec> with(int defaultPort, OptionSpec... dialectOptions) {
        List<OptionSpec> options = new ArrayList<>(List.of(
                OptionSpec.string(HOST, "Server host name or IP address").asRequired(),
                OptionSpec.integer(PORT, defaultPort, "Server port"),
                OptionSpec.string(DATABASE, "Database to connect to").asRequired(),
                OptionSpec.string(USER, "User name to log in as").asRequired(),
                OptionSpec.string(PASSWORD, "Password of the user").asSecret(),
                OptionSpec.duration(CONNECT_TIMEOUT, "10s", "How long to wait for a connection and login"),
                OptionSpec.duration(SOCKET_TIMEOUT, "0s",
                        "How long a read may block on the network before it fails; 0s waits forever"),
                OptionSpec.integer(FETCH_SIZE, 10_000, "Rows fetched per round trip when streaming query results"),
                OptionSpec.oneOf(SSL_MODE, "prefer", "TLS: disable (never), prefer (when the server offers it), "
                        + "require (always, without verifying the certificate), verify-full (always, verifying the "
                        + "certificate and host name)", "disable", "prefer", "require", "verify-full"),
                OptionSpec.string(SSL_ROOT_CERT, "File with the CA certificate(s) that verify-full trusts "
                        + "(default: the JVM's trust store)"),
                OptionSpec.integer(WRITE_BATCH_ROWS, 5_000, "Rows sent per round trip when exporting with JDBC batches"),
                OptionSpec.list(PROPERTIES, "Extra JDBC driver properties as key=value pairs, comma-separated "
                        + "(e.g. applicationName=etl,tcpKeepAlive=true)")));
        options.addAll(List.of(dialectOptions));
        return List.copyOf(options);
    }

    /** The connection settings of a validated configuration. */
    public static Settings settings(ConnectorConfig config) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (String pair : config.getList(PROPERTIES)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Option " + PROPERTIES + " expects key=value pairs but got '" + pair + "'");
            }
            extra.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new Settings(config.getString(HOST), config.getInt(PORT), config.getString(DATABASE),
                config.getString(USER), config.optional(PASSWORD).orElse(""), config.getDuration(CONNECT_TIMEOUT),
                config.getDuration(SOCKET_TIMEOUT), config.getInt(FETCH_SIZE), config.getChoice(SSL_MODE),
                config.optional(SSL_ROOT_CERT).orElse(null), config.getInt(WRITE_BATCH_ROWS), Map.copyOf(extra));
    }

    /** Where and how to connect. {@link #toString()} leaves the password out. */
    public record Settings(String host, int port, String database, String user, String password,
                           Duration connectTimeout, Duration socketTimeout, int fetchSize, String sslMode,
                           String sslRootCert, int writeBatchRows, Map<String, String> properties) {
        /** {@code user@host:port/database}, for messages. */
        public String address() {
            return user + "@" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return address();
        }
    }
}
