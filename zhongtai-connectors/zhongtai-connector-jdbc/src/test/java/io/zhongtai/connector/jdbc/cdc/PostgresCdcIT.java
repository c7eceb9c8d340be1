package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.cdc.CdcTesting.Change;
import io.zhongtai.connector.jdbc.cdc.CdcTesting.Read;
import io.zhongtai.connector.jdbc.postgres.PostgresConnectorFactory;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingPostgres;
import io.zhongtai.testkit.connector.TestingConnectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change data capture from a real PostgreSQL (wal_level=logical), logged in as a REPLICATION user: the shared
 * scenarios of {@link JdbcCdcTests} (committing also moves the slot), resuming from an offset older than the slot,
 * PostgreSQL's types, and the refusals of wal_level=replica and of a user without REPLICATION.
 */
class PostgresCdcIT extends JdbcCdcTests {
    private static TestingPostgres postgres;

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
    @Override
    String database(String... ddl) {
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

    @Override
    void execute(String url, String... statements) {
        postgres.execute(url, statements);
    }

    @Override
    TableId table(String url, String name) {
        return new TableId("public", name);
    }

    @Override
    Connector connector(String url, String sourceName) {
        return connector(postgres.port(), url, sourceName, USER, PASSWORD);
    }

    private Connector connector(int port, String url, String sourceName, String user, String password) {
        String database = url.substring(url.lastIndexOf('/') + 1);
        return TestingConnectors.create(new PostgresConnectorFactory(), Map.of("host", "localhost", "port", String.valueOf(port),
                "database", database, "user", user, "password", password), sourceName, workDir);
    }

    /** Deletes carry only the key: the tables keep REPLICA IDENTITY DEFAULT. */
    @Override
    boolean deletesCarryTheOldRow() {
        return false;
    }

    /** Committing confirms the position to the replication slot, so the server can release WAL. */
    @Override
    void commit(ChangeStream stream, String sourceName, String offset) throws Exception {
        String slot = "zt_" + sourceName;
        String slotBefore = confirmedFlushLsn(slot);
        stream.committed(offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (slotBefore.equals(confirmedFlushLsn(slot)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stream.poll(Duration.ofMillis(10));
        }
        assertThat(confirmedFlushLsn(slot)).as("slot position after committed()").isNotEqualTo(slotBefore);
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
        try (Connector connector = connector(url, "pg_types")) {
            Read read = captureInserts(connector, url, table(url, "typed"), """
                    INSERT INTO typed VALUES (1, -32768, 12345678.0100, 3.14159265358979323846, 2.5e-3, true,
                      'naïve 中台 ✓', '2024-02-29', '23:59:59.123456', '2024-02-29 12:34:56.789012',
                      '2024-02-29 12:34:56.789012+02', '\\x00ff10', '{"a": [1, 2]}',
                      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ARRAY['x', NULL, 'z'], ARRAY[1, 2])""",
                    "INSERT INTO typed (id) VALUES (2)");
            assertCommonTypes(read);
            Change full = read.changes().get(0);
            assertThat(full.values()).containsEntry("free", "3.14159265358979323846")
                    .containsEntry("ident", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                    .containsEntry("scores", List.of(1L, 2L));
            assertThat((String) full.get("doc")).contains("[1, 2]");
            assertThat(full.get("tags")).isEqualTo(java.util.Arrays.asList("x", null, "z"));
            assertThat(((BigDecimal) full.get("price")).scale()).isEqualTo(4);
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
                assertCaptureFails(connector, new TableId("public", "t"))
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
            assertCaptureFails(connector, new TableId("public", "t"))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining("'no_repl'")
                    .hasMessageContaining("REPLICATION")
                    .hasMessageNotContaining("pw'");
        }
    }
}
