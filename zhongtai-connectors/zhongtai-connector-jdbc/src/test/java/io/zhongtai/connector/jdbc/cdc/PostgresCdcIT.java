package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.cdc.CdcTesting.Change;
import io.zhongtai.connector.jdbc.cdc.CdcTesting.Read;
import io.zhongtai.connector.jdbc.postgres.PostgresConnectorFactory;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.TestingPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change data capture from a real PostgreSQL (wal_level=logical), logged in as a REPLICATION user. */
class PostgresCdcIT {
    private static final String USER = "cdc_user";
    private static final String PASSWORD = "cdc pw'1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestingPostgres postgres;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestingPostgres.withLogicalReplication();
        postgres.createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A new database with {@code ddl} run in it; the tables belong to the CDC user (publications need owners). */
    private static String database(String... ddl) {
        String url = postgres.createDatabase();
        postgres.grantAll(url, USER);
        postgres.execute(url, ddl);
        try (Connection c = DriverManager.getConnection(url, postgres.user(), "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            List<String> tables = new java.util.ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            for (String table : tables) {
                postgres.execute(url, "ALTER TABLE public." + table + " OWNER TO " + USER);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    private Connector connector(String url, String sourceName) {
        return connector(postgres.port(), url, sourceName, USER, PASSWORD);
    }

    private Connector connector(int port, String url, String sourceName, String user, String password) {
        String database = url.substring(url.lastIndexOf('/') + 1);
        return CdcTesting.connect(new PostgresConnectorFactory(), Map.of("host", "localhost", "port", String.valueOf(port),
                "database", database, "user", user, "password", password), sourceName, workDir);
    }

    private static String confirmedFlushLsn(String slot) {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void snapshotThenChangesInOrderAndResumeAfterCommittedOffsetWithoutLossOrRepeats() throws Exception {
        String url = database(
                "CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, amount numeric(10,2))",
                "INSERT INTO orders VALUES (1, 'new', 10.50), (2, 'new', 20.00), (3, 'paid', 30.25)");
        TableId orders = new TableId("public", "orders");
        String offset;
        try (Connector connector = connector(url, "pg_resume")) {
            assertThat(connector.capabilities()).contains(Capability.CDC);
            Set<Thread> threadsBefore = CdcTesting.liveThreads();
            try (ChangeStream stream = connector.openChangeStream(List.of(orders), Optional.empty())) {
                Read snapshot = CdcTesting.read(stream, 3, WAIT);
                assertThat(snapshot.changes()).extracting(Change::op).containsOnly("r");
                assertThat(snapshot.briefs("id", "status")).containsExactlyInAnyOrder("1/r/new", "2/r/new", "3/r/paid");
                assertThat(snapshot.schemas().get(0)).isEqualTo(connector.describe(orders));

                postgres.execute(url,
                        "INSERT INTO orders VALUES (4, 'new', 40.00)",
                        "UPDATE orders SET status = 'paid', amount = 10.55 WHERE id = 1",
                        "DELETE FROM orders WHERE id = 2",
                        "INSERT INTO orders VALUES (5, 'new', NULL)");
                Read changes = CdcTesting.read(stream, 4, WAIT);
                assertThat(changes.changes()).extracting(c -> c.brief("id", "status"))
                        .containsExactly("4/c/new", "1/u/paid", "2/d/null", "5/c/new");
                assertThat(changes.changes().get(1).get("amount")).isEqualTo(new BigDecimal("10.55"));
                assertThat(changes.changes().get(3).get("amount")).isNull();
                assertThat(connector.changeOffsetOrder().compare(snapshot.offset(), changes.offset())).isNegative();

                String slotBefore = confirmedFlushLsn("zt_pg_resume");
                stream.committed(changes.offset());
                offset = changes.offset();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (slotBefore.equals(confirmedFlushLsn("zt_pg_resume")) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    stream.poll(Duration.ofMillis(10));
                }
                assertThat(confirmedFlushLsn("zt_pg_resume")).as("slot position after committed()").isNotEqualTo(slotBefore);

                // delivered but never committed: must come again after the restart
                postgres.execute(url, "UPDATE orders SET status = 'shipped' WHERE id = 4");
                CdcTesting.read(stream, 1, WAIT);
                long closing = System.nanoTime();
                stream.close();
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("time to close").isLessThan(Duration.ofSeconds(5));
            }
            assertThat(CdcTesting.threadsStartedSince(threadsBefore)).as("threads left after close").isEmpty();

            postgres.execute(url,
                    "INSERT INTO orders VALUES (6, 'new', 60.00)",
                    "DELETE FROM orders WHERE id = 3",
                    "UPDATE orders SET status = 'late' WHERE id = 5");
            try (ChangeStream stream = connector.openChangeStream(List.of(orders), Optional.of(offset))) {
                Read resumed = CdcTesting.read(stream, 4, WAIT);
                assertThat(resumed.changes()).extracting(c -> c.brief("id", "status"))
                        .containsExactly("4/u/shipped", "6/c/new", "3/d/null", "5/u/late");
                assertThat(connector.changeOffsetOrder().compare(offset, resumed.offset())).isNegative();
            }
        }
    }

    @Test
    void resumingFromAnOffsetOlderThanTheSlotContinuesFromTheSlot() throws Exception {
        // Another table of the same sync may have stored an older offset than the position the slot confirmed,
        // and the server may already have released the WAL of that offset.
        String url = database("CREATE TABLE events (id int PRIMARY KEY)", "INSERT INTO events VALUES (1)");
        TableId events = new TableId("public", "events");
        try (Connector connector = connector(url, "pg_older")) {
            String older;
            try (ChangeStream stream = connector.openChangeStream(List.of(events), Optional.empty())) {
                CdcTesting.read(stream, 1, WAIT);
                postgres.execute(url, "INSERT INTO events VALUES (2)");
                older = CdcTesting.read(stream, 1, WAIT).offset();
                postgres.execute(url, "INSERT INTO events VALUES (3)", "CHECKPOINT", "INSERT INTO events VALUES (4)");
                stream.committed(CdcTesting.read(stream, 2, WAIT).offset());
                long olderLsn = ChangeOffset.parse(older).getLong("lsn_proc", 0);
                String pgLsn = Long.toHexString(olderLsn >>> 32).toUpperCase() + "/" + Long.toHexString(olderLsn & 0xffffffffL).toUpperCase();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!slotRestartsAfter("zt_pg_older", pgLsn) && System.nanoTime() < deadline) {
                    postgres.execute(url, "CHECKPOINT");
                    stream.poll(Duration.ofMillis(200));
                }
                assertThat(slotRestartsAfter("zt_pg_older", pgLsn)).as("slot's restart_lsn passed the older offset " + pgLsn).isTrue();
            }
            postgres.execute(url, "INSERT INTO events VALUES (5)");
            try (ChangeStream stream = connector.openChangeStream(List.of(events), Optional.of(older))) {
                Read resumed = CdcTesting.read(stream, 1, WAIT);
                assertThat(resumed.briefs("id", "id")).contains("5/c/5").doesNotContain("2/c/2");
            }
        }
    }

    private static boolean slotRestartsAfter(String slot, String lsn) {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT restart_lsn > '" + lsn + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() && rs.getBoolean(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void typesRoundTripWithTheConnectorsColumnTypes() {
        String url = database("""
                CREATE TABLE typed (id bigint PRIMARY KEY, small smallint, price numeric(12,4), free numeric,
                  ratio double precision, flag boolean, name text, born date, wakes time(6), seen timestamp(6),
                  stamped timestamptz(6), raw bytea, doc jsonb, ident uuid, tags text[], scores int[])""");
        TableId typed = new TableId("public", "typed");
        try (Connector connector = connector(url, "pg_types");
                ChangeStream stream = connector.openChangeStream(List.of(typed), Optional.empty())) {
            CdcTesting.read(stream, 0, Duration.ofSeconds(2));
            postgres.execute(url, """
                    INSERT INTO typed VALUES (1, -32768, 12345678.0100, 3.14159265358979323846, 2.5e-3, true,
                      'naïve 中台 ✓', '2024-02-29', '23:59:59.123456', '2024-02-29 12:34:56.789012',
                      '2024-02-29 12:34:56.789012+02', '\\x00ff10', '{"a": [1, 2]}',
                      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ARRAY['x', NULL, 'z'], ARRAY[1, 2])""",
                    "INSERT INTO typed (id) VALUES (2)");
            Read read = CdcTesting.read(stream, 2, WAIT);
            TableSchema schema = read.schemas().get(0);
            assertThat(schema).isEqualTo(connector.describe(typed));
            assertThat(schema.column("price").orElseThrow().type()).isEqualTo(DataType.decimal(12, 4));
            Change full = read.changes().get(0);
            assertThat(full.values()).containsEntry("small", -32768L)
                    .containsEntry("price", new BigDecimal("12345678.0100"))
                    .containsEntry("free", "3.14159265358979323846")
                    .containsEntry("ratio", 2.5e-3)
                    .containsEntry("flag", true)
                    .containsEntry("name", "naïve 中台 ✓")
                    .containsEntry("born", LocalDate.of(2024, 2, 29))
                    .containsEntry("wakes", LocalTime.of(23, 59, 59, 123_456_000))
                    .containsEntry("seen", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_000))
                    .containsEntry("stamped", Instant.parse("2024-02-29T10:34:56.789012Z"))
                    .containsEntry("ident", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                    .containsEntry("scores", List.of(1L, 2L));
            assertThat((byte[]) full.get("raw")).containsExactly(0x00, 0xff, 0x10);
            assertThat((String) full.get("doc")).contains("\"a\"").contains("[1, 2]");
            assertThat(full.get("tags")).isEqualTo(java.util.Arrays.asList("x", null, "z"));
            assertThat(((BigDecimal) full.get("price")).scale()).isEqualTo(4);
            Change empty = read.changes().get(1);
            assertThat(empty.values()).containsEntry("id", 2L);
            assertThat(empty.values().entrySet()).filteredOn(e -> !e.getKey().equals("id")).allMatch(e -> e.getValue() == null);
        }
    }

    @Test
    void addedColumnShowsUpInTheNextSchema() {
        String url = database("CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'a')");
        TableId items = new TableId("", "items"); // without a schema: the connector's default one
        try (Connector connector = connector(url, "pg_drift");
                ChangeStream stream = connector.openChangeStream(List.of(items), Optional.empty())) {
            CdcTesting.read(stream, 1, WAIT);
            postgres.execute(url, "INSERT INTO items VALUES (2, 'b')",
                    "ALTER TABLE items ADD COLUMN price numeric(8,2)",
                    "INSERT INTO items VALUES (3, 'c', 9.99)");
            Read read = CdcTesting.read(stream, 2, WAIT);
            assertThat(read.changes()).extracting(c -> c.brief("id", "name")).containsExactly("2/c/b", "3/c/c");
            TableSchema last = read.schemas().get(read.schemas().size() - 1);
            assertThat(last.columnNames()).containsExactly("id", "name", "price");
            assertThat(last.table()).as("tables named as the caller named them").isEqualTo(items);
            assertThat(read.changes().get(1).get("price")).isEqualTo(new BigDecimal("9.99"));
        }
    }

    @Test
    void walLevelReplicaIsRefusedWithTheSettingToChange() throws Exception {
        try (TestingPostgres plain = new TestingPostgres()) {
            String url = plain.createDatabase();
            plain.createUser(USER, PASSWORD);
            plain.grantAll(url, USER);
            plain.execute(url, "CREATE TABLE t (id int PRIMARY KEY)");
            try (Connector connector = connector(plain.port(), url, "pg_replica", USER, PASSWORD)) {
                assertThatThrownBy(() -> connector.openChangeStream(List.of(new TableId("public", "t")), Optional.empty()))
                        .isInstanceOf(ConnectorException.class)
                        .hasMessageContaining("localhost:" + plain.port())
                        .hasMessageContaining("wal_level is 'replica'")
                        .hasMessageContaining("wal_level=logical");
            }
        }
    }

    @Test
    void userWithoutReplicationIsRefusedByName() {
        String url = database("CREATE TABLE t (id int PRIMARY KEY)");
        postgres.execute(url, "CREATE ROLE no_repl LOGIN PASSWORD 'pw'", "GRANT SELECT ON t TO no_repl");
        try (Connector connector = connector(postgres.port(), url, "pg_norepl", "no_repl", "pw")) {
            assertThatThrownBy(() -> connector.openChangeStream(List.of(new TableId("public", "t")), Optional.empty()))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining("'no_repl'")
                    .hasMessageContaining("REPLICATION")
                    .hasMessageNotContaining("pw'");
        }
    }
}
