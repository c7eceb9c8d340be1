package io.zhongtai.connector.jdbc;

import io.zhongtai.connector.jdbc.cdc.CdcSource;
import io.zhongtai.connector.jdbc.cdc.JdbcCdc;
import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Everything PostgreSQL and MySQL/MariaDB share: connecting and classifying failures, primary-key range splits,
 * cursor predicates, streaming reads into column batches, transactional writers and the entry to change data
 * capture. Subclasses hold the dialect: driver and its properties, session setup, catalog queries, the type
 * mapping, quoting and literals.
 *
 * <p>No connection is kept: every operation (and every reader and writer) opens its own, so one connector
 * serves several threads.
 */
public abstract class JdbcConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcConnector.class);

    /** Split properties: the key column and the exclusive lower / inclusive upper bound, in text form. */
    static final String SPLIT_KEY = "key";
    static final String SPLIT_AFTER = "after";
    static final String SPLIT_UP_TO = "upTo";

    /** Key types whose order the database and the split bounds (text cast back to the type) agree on. */
    private static final Set<DataType.Kind> ORDERED_KEYS = EnumSet.of(DataType.Kind.SMALLINT, DataType.Kind.INTEGER,
            DataType.Kind.BIGINT, DataType.Kind.DECIMAL, DataType.Kind.STRING, DataType.Kind.DATE, DataType.Kind.TIME,
            DataType.Kind.TIMESTAMP, DataType.Kind.TIMESTAMP_TZ, DataType.Kind.UUID);

    private final String name;
    private final String jdbcSubprotocol;
    private final String sessionSql;
    private final JdbcCdc changeCapture;
    protected final ConnectorConfig config;
    protected final JdbcOptions.Settings settings;
    protected final ConnectorContext context;

    /**
     * @param jdbcSubprotocol picks the driver: {@code jdbc:<subprotocol>://host:port/database}
     * @param sessionSql sets up every connection's session (UTC, ISO formats)
     * @param changeCapture the change data capture of this dialect's change log
     */
    protected JdbcConnector(String name, String jdbcSubprotocol, String sessionSql, JdbcCdc changeCapture,
                            ConnectorConfig config, ConnectorContext context) {
        this.name = requireNonNull(name, "name is null");
        this.jdbcSubprotocol = requireNonNull(jdbcSubprotocol, "jdbcSubprotocol is null");
        this.sessionSql = requireNonNull(sessionSql, "sessionSql is null");
        this.changeCapture = requireNonNull(changeCapture, "changeCapture is null");
        this.config = requireNonNull(config, "config is null");
        this.settings = JdbcOptions.settings(config);
        this.context = requireNonNull(context, "context is null");
    }

    // ---- dialect ----

    /** Driver properties for timeouts and TLS (user, password and the {@code properties} option are added). */
    protected abstract Properties driverProperties(Duration connectTimeout);

    /** AUTHENTICATION or NOT_FOUND when the dialect recognises the failure, else null. */
    protected abstract ConnectorException.Kind classify(SQLException e);

    /** The namespace of table ids that have none: the schema (PostgreSQL) or the database (MySQL). */
    protected abstract String defaultNamespace();

    /** {@code identifier} quoted for this dialect's SQL (the readers and writers build statements with it). */
    public abstract String quote(String identifier);

    /** A SQL expression of {@code text} converted to {@code column}'s type, for bounds and cursors. */
    protected abstract String typedLiteral(String text, Column column);

    /** The table's columns and primary key, or null when it does not exist. */
    protected abstract TableSchema describe(Connection connection, TableId table) throws SQLException;

    /** The planner's row count estimate, or -1 when unknown. */
    protected abstract long estimateRows(Connection connection, TableId table) throws SQLException;

    /** The SQL column type for an export column; {@code key} when it becomes part of a primary key. */
    protected abstract String sqlType(Column column, boolean key);

    protected abstract BatchWriter newWriter(Connection connection, TableId target, List<Column> columns, WriteMode mode,
                                             List<String> keyColumns) throws SQLException;

    /** The statement that removes every row of {@code table} inside the writer's transaction (OVERWRITE). */
    protected abstract String clearTableSql(TableId table);

    /** The select-list expression for a column (dialects rewrite types the reader cannot take as they are). */
    protected String selectExpression(Column column) {
        return quote(column.name());
    }

    /** Reads one value of a row in the Java class {@link DataType} prescribes; null for SQL NULL. */
    protected Object readValue(ResultSet rs, int index, Column column) throws SQLException {
        Object value = switch (column.type().kind()) {
            case BOOLEAN -> rs.getBoolean(index);
            case SMALLINT, INTEGER, BIGINT -> rs.getLong(index);
            case FLOAT -> (double) rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(index);
                yield d == null ? null : d.setScale(column.type().scale(), RoundingMode.UNNECESSARY);
            }
            case BINARY -> rs.getBytes(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
            case UUID -> {
                String u = rs.getString(index);
                yield u == null ? null : UUID.fromString(u);
            }
            case STRING, JSON -> rs.getString(index);
            case LIST -> {
                java.sql.Array array = rs.getArray(index);
                yield array == null ? null : Arrays.asList((Object[]) array.getArray());
            }
        };
        return rs.wasNull() ? null : value;
    }

    // ---- connections and errors ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.BROWSE, Capability.BATCH_READ, Capability.PARALLEL_SPLITS, Capability.INCREMENTAL,
                Capability.CDC, Capability.WRITE);
    }

    public JdbcOptions.Settings settings() {
        return settings;
    }

    public ConnectorContext context() {
        return context;
    }

    /** A new connection with the session prepared; the caller closes it. */
    public Connection openConnection() throws SQLException {
        return openConnection(settings.connectTimeout());
    }

    private Connection openConnection(Duration connectTimeout) throws SQLException {
        Properties properties = driverProperties(connectTimeout);
        properties.putAll(settings.properties());
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        Connection connection = DriverManager.getConnection(jdbcUrl(), properties);
        try (Statement session = connection.createStatement()) {
            session.execute(sessionSql);
            return connection;
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private String jdbcUrl() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "jdbc:" + jdbcSubprotocol + "://" + host + ":" + settings.port() + "/" + settings.database();
    }

    /** A classified failure naming what could not be done and where (never the password). */
    public ConnectorException failure(String action, SQLException e) {
        ConnectorException.Kind kind = JdbcErrors.kindOf(e, classify(e));
        return new ConnectorException(kind, "Cannot " + action + " on " + settings.address() + ": " + errorText(e), e);
    }

    /** The driver's message for users: its first line (dialects add where the server says it failed). */
    protected String errorText(SQLException e) {
        return JdbcErrors.message(e);
    }

    protected interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    protected <T> T withConnection(String action, SqlWork<T> work) {
        try (Connection connection = openConnection()) {
            return work.run(connection);
        }
        catch (SQLException e) {
            throw failure(action, e);
        }
    }

    @Override
    public void testConnection(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        Duration connectTimeout = timeout.compareTo(settings.connectTimeout()) < 0 ? timeout : settings.connectTimeout();
        try (Connection connection = openConnection(connectTimeout);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            statement.execute("SELECT 1");
            checkDefaultNamespace(connection);
        }
        catch (SQLException e) {
            throw failure("connect", e);
        }
    }

    /** Throws NOT_FOUND when the default namespace is missing; the database itself is checked by connecting. */
    protected void checkDefaultNamespace(Connection connection) throws SQLException {
    }

    // ---- browse ----

    protected TableId resolve(TableId table) {
        requireNonNull(table, "table is null");
        return table.namespace().isEmpty() ? new TableId(defaultNamespace(), table.name()) : table;
    }

    public String qualified(TableId table) {
        TableId resolved = resolve(table);
        return quote(resolved.namespace()) + "." + quote(resolved.name());
    }

    @Override
    public TableSchema describe(TableId table) {
        TableSchema schema = withConnection("describe table " + table, c -> describe(c, resolve(table)));
        if (schema == null) {
            throw notFound(table);
        }
        return new TableSchema(table, schema.columns(), schema.primaryKey());
    }

    /** The first column of every row {@code sql} returns, with {@code parameters} bound in order. */
    protected static List<String> strings(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    protected ConnectorException notFound(TableId table) {
        return new ConnectorException(ConnectorException.Kind.NOT_FOUND, "Table " + resolve(table) + " does not exist in "
                + settings.address() + " (or " + settings.user() + " may not see it)");
    }

    // ---- reads ----

    @Override
    public List<Split> planSplits(TableSchema table, ReadSpec spec, int maxSplits) {
        requireNonNull(table, "table is null");
        requireNonNull(spec, "spec is null");
        return withConnection("plan splits of table " + table.table(), c -> {
            long estimate = estimateRows(c, resolve(table.table()));
            Column key = table.primaryKey().isEmpty() ? null : table.column(table.primaryKey().get(0)).orElseThrow();
            if (maxSplits <= 1 || key == null || !ORDERED_KEYS.contains(key.type().kind())) {
                return List.of(Split.whole(estimate));
            }
            String where = where(table, Map.of(), spec);
            List<String> bounds = key.type().isIntegral()
                    ? integerBounds(c, table.table(), key, where, maxSplits)
                    : tileBounds(c, table.table(), key, where, maxSplits);
            if (bounds.isEmpty()) {
                return List.of(Split.whole(estimate));
            }
            List<Split> splits = new ArrayList<>();
            long perSplit = estimate < 0 ? -1 : estimate / (bounds.size() + 1);
            for (int i = 0; i <= bounds.size(); i++) {
                Map<String, String> properties = new HashMap<>();
                properties.put(SPLIT_KEY, key.name());
                if (i > 0) {
                    properties.put(SPLIT_AFTER, bounds.get(i - 1));
                }
                if (i < bounds.size()) {
                    properties.put(SPLIT_UP_TO, bounds.get(i));
                }
                splits.add(new Split(key.name() + "#" + i, properties, perSplit));
            }
            LOG.debug("Planned {} splits of {} on {}", splits.size(), table.table(), key.name());
            return splits;
        });
    }

    /** Upper bounds of equal-width ranges between the key's min and max (n ranges need n-1 bounds). */
    private List<String> integerBounds(Connection c, TableId table, Column key, String where, int maxSplits) throws SQLException {
        String k = quote(key.name());
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT min(" + k + "), max(" + k + ") FROM " + qualified(table) + where)) {
            rs.next();
            String min = rs.getString(1);
            String max = rs.getString(2);
            if (min == null) {
                return List.of();
            }
            BigInteger low = new BigInteger(min);
            BigInteger width = new BigInteger(max).subtract(low).add(BigInteger.ONE);
            int n = width.min(BigInteger.valueOf(maxSplits)).intValueExact();
            List<String> bounds = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                BigInteger offset = width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n));
                bounds.add(low.add(offset).subtract(BigInteger.ONE).toString());
            }
            return bounds;
        }
    }

    /** Upper bounds of equal-count tiles of the key (any orderable type), duplicates removed. */
    private List<String> tileBounds(Connection c, TableId table, Column key, String where, int maxSplits) throws SQLException {
        String k = quote(key.name());
        String sql = "SELECT max(zt_key) FROM (SELECT " + k + " AS zt_key, NTILE(" + maxSplits + ") OVER (ORDER BY " + k
                + ") AS zt_tile FROM " + qualified(table) + where + ") zt_tiles GROUP BY zt_tile ORDER BY zt_tile";
        List<String> bounds = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String bound = rs.getString(1);
                if (bound != null && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound))) {
                    bounds.add(bound);
                }
            }
        }
        if (!bounds.isEmpty()) {
            bounds.remove(bounds.size() - 1);
        }
        return bounds;
    }

    /** The WHERE clause (with a leading space, or empty) of a split and the spec's cursor range. */
    protected String where(TableSchema table, Map<String, String> splitProperties, ReadSpec spec) {
        List<String> conditions = new ArrayList<>();
        String key = splitProperties.get(SPLIT_KEY);
        if (key != null) {
            Column column = column(table, key);
            if (splitProperties.containsKey(SPLIT_AFTER)) {
                conditions.add(quote(key) + " > " + typedLiteral(splitProperties.get(SPLIT_AFTER), column));
            }
            if (splitProperties.containsKey(SPLIT_UP_TO)) {
                conditions.add(quote(key) + " <= " + typedLiteral(splitProperties.get(SPLIT_UP_TO), column));
            }
        }
        spec.cursor().ifPresent(range -> {
            Column column = column(table, range.column());
            if (range.after() != null) {
                conditions.add(quote(column.name()) + " > " + typedLiteral(range.after(), column));
            }
            if (range.upTo() != null) {
                conditions.add(quote(column.name()) + " <= " + typedLiteral(range.upTo(), column));
            }
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The columns a spec projects, in the spec's order (all when it names none). */
    protected List<Column> projection(TableSchema table, ReadSpec spec) {
        return spec.columns().isEmpty() ? table.columns() : spec.columns().stream().map(c -> column(table, c)).toList();
    }

    private Column column(TableSchema table, String name) {
        return table.column(name).orElseThrow(() -> new ConnectorException(ConnectorException.Kind.NOT_FOUND,
                "Column " + name + " does not exist in table " + table.table() + "; columns: "
                        + String.join(", ", table.columnNames())));
    }

    /** The SELECT of a split: projected columns, split range and cursor range. */
    protected String selectSql(TableSchema table, Split split, ReadSpec spec) {
        return "SELECT " + projection(table, spec).stream().map(this::selectExpression).collect(Collectors.joining(", "))
                + " FROM " + qualified(table.table()) + where(table, split.properties(), spec);
    }

    /** Streams the split's rows into column batches of {@link ReadSpec#batchRows()} rows. */
    @Override
    public BatchReader openReader(TableSchema table, Split split, ReadSpec spec) {
        requireNonNull(split, "split is null");
        String sql = selectSql(table, split, spec);
        try {
            return new ResultSetReader(this, openConnection(), sql, table.table(), projection(table, spec), spec.batchRows());
        }
        catch (SQLException e) {
            throw failure("read table " + table.table(), e);
        }
    }

    @Override
    public Optional<String> maxCursorValue(TableSchema table, String column) {
        requireNonNull(table, "table is null");
        Column cursor = column(table, column);
        return withConnection("read the greatest " + column + " of table " + table.table(), c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT max(" + quote(cursor.name()) + ") FROM " + qualified(table.table()))) {
                rs.next();
                return Optional.ofNullable(rs.getString(1));
            }
        });
    }

    // ---- change data capture (io.zhongtai.connector.jdbc.cdc) ----

    @Override
    public ChangeStream openChangeStream(List<TableId> tables, Optional<String> offset) {
        return changeCapture.open(CdcSource.of(this, config), tables, offset);
    }

    @Override
    public Comparator<String> changeOffsetOrder() {
        return changeCapture.offsetOrder();
    }

    // ---- writes ----

    @Override
    public BatchWriter openWriter(TableId target, List<Column> columns, WriteMode mode, List<String> keyColumns) {
        requireNonNull(target, "target is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(mode, "mode is null");
        List<String> keys = keyColumns == null ? List.of() : List.copyOf(keyColumns);
        if (mode == WriteMode.UPSERT && keys.isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot upsert into table " + target
                    + ": no key columns given");
        }
        for (String key : keys) {
            if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new ConnectorException(ConnectorException.Kind.INCOMPATIBLE_SCHEMA, "Cannot write table " + target
                        + ": key column " + key + " is not among the columns written");
            }
        }
        Connection connection = null;
        try {
            connection = openConnection();
            connection.setAutoCommit(false);
            prepareTarget(connection, resolve(target), columns, mode, keys);
            return newWriter(connection, resolve(target), columns, mode, keys);
        }
        catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof SQLException sql) {
                throw failure("open a writer into table " + target, sql);
            }
            throw (RuntimeException) e;
        }
    }

    /** Creates the table when missing (key columns as primary key), checks its columns, and clears it for OVERWRITE. */
    private void prepareTarget(Connection connection, TableId target, List<Column> columns, WriteMode mode, List<String> keys)
            throws SQLException {
        TableSchema existing = describe(connection, target);
        if (existing == null) {
            String definitions = columns.stream()
                    .map(c -> quote(c.name()) + " " + sqlType(c, keys.contains(c.name()))
                            + (keys.contains(c.name()) || !c.nullable() ? " NOT NULL" : ""))
                    .collect(Collectors.joining(", "));
            String primaryKey = keys.isEmpty() ? "" : ", PRIMARY KEY (" + keys.stream().map(this::quote)
                    .collect(Collectors.joining(", ")) + ")";
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE " + qualified(target) + " (" + definitions + primaryKey + ")");
            }
            LOG.info("Created table {} on {}", target, settings.address());
        } else {
            List<String> missing = columns.stream().map(Column::name).filter(n -> existing.column(n).isEmpty()).toList();
            if (!missing.isEmpty()) {
                throw new ConnectorException(ConnectorException.Kind.INCOMPATIBLE_SCHEMA, "Cannot write table " + target
                        + " on " + settings.address() + ": it has no column(s) " + String.join(", ", missing)
                        + "; its columns: " + String.join(", ", existing.columnNames()));
            }
            if (mode == WriteMode.OVERWRITE) {
                try (Statement s = connection.createStatement()) {
                    s.execute(clearTableSql(target));
                }
            }
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                LOG.debug("Ignoring failure to close {}", closeable, e);
            }
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name + "[" + settings.address() + "]";
    }
}
