package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.cdc.CdcTesting.Change;
import io.zhongtai.connector.jdbc.cdc.CdcTesting.Read;
import io.zhongtai.connector.jdbc.mysql.MySqlConnectorFactory;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.TestingMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change data capture from a real MariaDB 11.4 (binlog ROW, full images) through Debezium's MySQL connector. */
class MySqlCdcIT {
    private static final String USER = "cdc_user";
    private static final String PASSWORD = "cdc pw'1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestingMariaDb mariaDb;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        mariaDb = new TestingMariaDb();
        mariaDb.createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        mariaDb.close();
    }

    private Connector connector(String database, String sourceName) {
        return connector(database, sourceName, USER, PASSWORD);
    }

    private Connector connector(String database, String sourceName, String user, String password) {
        return CdcTesting.connect(new MySqlConnectorFactory(), Map.of("host", "127.0.0.1", "port", String.valueOf(mariaDb.port()),
                "database", database, "user", user, "password", password), sourceName, workDir);
    }

    @Test
    void snapshotThenChangesInOrderAndResumeAfterCommittedOffsetWithoutLossOrRepeats() throws Exception {
        String db = mariaDb.createDatabase();
        mariaDb.execute(db, "CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL, amount DECIMAL(10,2));"
                + "INSERT INTO orders VALUES (1, 'new', 10.50), (2, 'new', 20.00), (3, 'paid', 30.25);");
        TableId orders = new TableId(db, "orders");
        String offset;
        try (Connector connector = connector(db, "my_resume")) {
            assertThat(connector.capabilities()).contains(Capability.CDC);
            Set<Thread> threadsBefore = CdcTesting.liveThreads();
            try (ChangeStream stream = connector.openChangeStream(List.of(orders), Optional.empty())) {
                Read snapshot = CdcTesting.read(stream, 3, WAIT);
                assertThat(snapshot.briefs("id", "status")).containsExactlyInAnyOrder("1/r/new", "2/r/new", "3/r/paid");
                assertThat(snapshot.schemas().get(0)).isEqualTo(connector.describe(orders));

                mariaDb.execute(db, "INSERT INTO orders VALUES (4, 'new', 40.00);"
                        + "UPDATE orders SET status = 'paid', amount = 10.55 WHERE id = 1;"
                        + "DELETE FROM orders WHERE id = 2;"
                        + "INSERT INTO orders VALUES (5, 'new', NULL);");
                Read changes = CdcTesting.read(stream, 4, WAIT);
                assertThat(changes.changes()).extracting(c -> c.brief("id", "status"))
                        .containsExactly("4/c/new", "1/u/paid", "2/d/new", "5/c/new");
                assertThat(changes.changes().get(1).get("amount")).isEqualTo(new BigDecimal("10.55"));
                assertThat(connector.changeOffsetOrder().compare(snapshot.offset(), changes.offset())).isNegative();

                stream.committed(changes.offset());
                offset = changes.offset();
                mariaDb.execute(db, "UPDATE orders SET status = 'shipped' WHERE id = 4;");
                CdcTesting.read(stream, 1, WAIT); // delivered, never committed: must come again
                long closing = System.nanoTime();
                stream.close();
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("time to close").isLessThan(Duration.ofSeconds(5));
            }
            assertThat(CdcTesting.threadsStartedSince(threadsBefore)).as("threads left after close").isEmpty();

            mariaDb.execute(db, "INSERT INTO orders VALUES (6, 'new', 60.00);"
                    + "DELETE FROM orders WHERE id = 3;"
                    + "UPDATE orders SET status = 'late' WHERE id = 5;");
            try (ChangeStream stream = connector.openChangeStream(List.of(orders), Optional.of(offset))) {
                Read resumed = CdcTesting.read(stream, 4, WAIT);
                assertThat(resumed.changes()).extracting(c -> c.brief("id", "status"))
                        .containsExactly("4/u/shipped", "6/c/new", "3/d/paid", "5/u/late");
                assertThat(connector.changeOffsetOrder().compare(offset, resumed.offset())).isNegative();
            }
        }
    }

    @Test
    void typesRoundTripWithTheConnectorsColumnTypes() {
        String db = mariaDb.createDatabase();
        mariaDb.execute(db, """
                CREATE TABLE typed (id BIGINT PRIMARY KEY, small SMALLINT, price DECIMAL(12,4), ratio DOUBLE,
                  flag TINYINT(1), big BIGINT UNSIGNED, name VARCHAR(50), born DATE, wakes TIME(6), seen DATETIME(6),
                  stamped TIMESTAMP(6) NULL, raw VARBINARY(10), doc JSON, mood ENUM('happy', 'sad'));""");
        TableId typed = new TableId(db, "typed");
        try (Connector connector = connector(db, "my_types");
                ChangeStream stream = connector.openChangeStream(List.of(typed), Optional.empty())) {
            CdcTesting.read(stream, 0, Duration.ofSeconds(2));
            mariaDb.execute(db, """
                    SET time_zone = '+00:00';
                    INSERT INTO typed VALUES (1, -32768, 12345678.0100, 0.0025, 1, 18446744073709551615,
                      'naïve 中台 ✓', '2024-02-29', '23:59:59.123456', '2024-02-29 12:34:56.789012',
                      '2024-02-29 10:34:56.789012', 0x00FF10, '{"a": [1, 2]}', 'sad');
                    INSERT INTO typed (id) VALUES (2);""");
            Read read = CdcTesting.read(stream, 2, WAIT);
            TableSchema schema = read.schemas().get(0);
            assertThat(schema).isEqualTo(connector.describe(typed));
            assertThat(schema.column("price").orElseThrow().type()).isEqualTo(DataType.decimal(12, 4));
            Change full = read.changes().get(0);
            assertThat(full.values()).containsEntry("small", -32768L)
                    .containsEntry("price", new BigDecimal("12345678.0100"))
                    .containsEntry("ratio", 0.0025)
                    .containsEntry("flag", true)
                    .containsEntry("big", new BigDecimal("18446744073709551615"))
                    .containsEntry("name", "naïve 中台 ✓")
                    .containsEntry("born", LocalDate.of(2024, 2, 29))
                    .containsEntry("wakes", LocalTime.of(23, 59, 59, 123_456_000))
                    .containsEntry("seen", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_000))
                    .containsEntry("stamped", Instant.parse("2024-02-29T10:34:56.789012Z"))
                    .containsEntry("mood", "sad");
            assertThat((byte[]) full.get("raw")).containsExactly(0x00, 0xff, 0x10);
            assertThat((String) full.get("doc")).contains("\"a\"");
            Change empty = read.changes().get(1);
            assertThat(empty.values()).containsEntry("id", 2L);
            List<String> nonNull = new ArrayList<>();
            empty.values().forEach((k, v) -> {
                if (v != null && !k.equals("id")) {
                    nonNull.add(k + "=" + v);
                }
            });
            assertThat(nonNull).isEmpty();
        }
    }

    @Test
    void addedColumnShowsUpInTheNextSchema() {
        String db = mariaDb.createDatabase();
        mariaDb.execute(db, "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO items VALUES (1, 'a');");
        TableId items = new TableId("", "items"); // without a database: the connector's own
        try (Connector connector = connector(db, "my_drift");
                ChangeStream stream = connector.openChangeStream(List.of(items), Optional.empty())) {
            CdcTesting.read(stream, 1, WAIT);
            mariaDb.execute(db, "INSERT INTO items VALUES (2, 'b'); ALTER TABLE items ADD COLUMN price DECIMAL(8,2);"
                    + "INSERT INTO items VALUES (3, 'c', 9.99);");
            Read read = CdcTesting.read(stream, 2, WAIT);
            assertThat(read.changes()).extracting(c -> c.brief("id", "name")).containsExactly("2/c/b", "3/c/c");
            TableSchema last = read.schemas().get(read.schemas().size() - 1);
            assertThat(last.columnNames()).containsExactly("id", "name", "price");
            assertThat(last.table()).as("tables named as the caller named them").isEqualTo(items);
            assertThat(read.changes().get(1).get("price")).isEqualTo(new BigDecimal("9.99"));
        }
    }

    @Test
    void userWithoutReplicationGrantIsRefusedByName() {
        String db = mariaDb.createDatabase();
        mariaDb.execute(db, "CREATE TABLE t (id INT PRIMARY KEY);"
                + "CREATE USER 'plain'@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON " + db + ".* TO 'plain'@'%';"
                + "CREATE USER 'plain'@'localhost' IDENTIFIED BY 'pw'; GRANT SELECT ON " + db + ".* TO 'plain'@'localhost';");
        try (Connector connector = connector(db, "my_plain", "plain", "pw")) {
            assertThatThrownBy(() -> connector.openChangeStream(List.of(new TableId(db, "t")), Optional.empty()))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining("'plain'")
                    .hasMessageContaining("REPLICATION SLAVE");
        }
    }

    @Test
    void statementBinlogIsRefusedWithTheSettingToChange() {
        String db = mariaDb.createDatabase();
        mariaDb.execute(db, "CREATE TABLE t (id INT PRIMARY KEY); SET GLOBAL binlog_format = 'STATEMENT';");
        try (Connector connector = connector(db, "my_statement")) {
            assertThatThrownBy(() -> connector.openChangeStream(List.of(new TableId(db, "t")), Optional.empty()))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("127.0.0.1:" + mariaDb.port())
                    .hasMessageContaining("binlog_format is STATEMENT, it must be ROW");
        } finally {
            mariaDb.execute(db, "SET GLOBAL binlog_format = 'ROW';");
        }
    }
}
