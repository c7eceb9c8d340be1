package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.cdc.CdcTesting.Read;
import io.zhongtai.connector.jdbc.mysql.MySqlConnectorFactory;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingMariaDb;
import io.zhongtai.testkit.connector.TestingConnectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change data capture from a real MariaDB 11.4 (binlog ROW, full images) through Debezium's MySQL connector: the
 * shared scenarios of {@link JdbcCdcTests}, MySQL's types, and the refusals of a user without the replication
 * grant and of a binlog in STATEMENT format.
 */
class MySqlCdcIT extends JdbcCdcTests {
    private static TestingMariaDb mariaDb;

    @BeforeAll
    static void start() throws Exception {
        mariaDb = new TestingMariaDb();
        mariaDb.createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        mariaDb.close();
    }

    @Override
    String database(String... ddl) {
        String db = mariaDb.createDatabase();
        execute(db, ddl);
        return db;
    }

    @Override
    void execute(String database, String... statements) {
        mariaDb.execute(database, String.join(";", statements) + ";");
    }

    @Override
    TableId table(String database, String name) {
        return new TableId(database, name);
    }

    @Override
    Connector connector(String database, String sourceName) {
        return connector(database, sourceName, USER, PASSWORD);
    }

    private Connector connector(String database, String sourceName, String user, String password) {
        return TestingConnectors.create(new MySqlConnectorFactory(), Map.of("host", "127.0.0.1",
                "port", String.valueOf(mariaDb.port()), "database", database, "user", user, "password", password),
                sourceName, workDir);
    }

    @Override
    boolean deletesCarryTheOldRow() {
        return true;
    }

    @Test
    void typesRoundTripWithTheConnectorsColumnTypes() {
        String db = database("""
                CREATE TABLE typed (id BIGINT PRIMARY KEY, small SMALLINT, price DECIMAL(12,4), ratio DOUBLE,
                  flag TINYINT(1), big BIGINT UNSIGNED, name VARCHAR(50), born DATE, wakes TIME(6), seen DATETIME(6),
                  stamped TIMESTAMP(6) NULL, raw VARBINARY(10), doc JSON, mood ENUM('happy', 'sad'))""");
        try (Connector connector = connector(db, "my_types")) {
            Read read = captureInserts(connector, db, table(db, "typed"), "SET time_zone = '+00:00'", """
                    INSERT INTO typed VALUES (1, -32768, 12345678.0100, 0.0025, 1, 18446744073709551615,
                      'naïve 中台 ✓', '2024-02-29', '23:59:59.123456', '2024-02-29 12:34:56.789012',
                      '2024-02-29 10:34:56.789012', 0x00FF10, '{"a": [1, 2]}', 'sad')""",
                    "INSERT INTO typed (id) VALUES (2)");
            assertCommonTypes(read);
            assertThat(read.changes().get(0).values())
                    .containsEntry("big", new BigDecimal("18446744073709551615"))
                    .containsEntry("mood", "sad");
        }
    }

    @Test
    void userWithoutReplicationGrantIsRefusedByName() {
        String db = database("CREATE TABLE t (id INT PRIMARY KEY)");
        execute(db, "CREATE USER 'plain'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT ON " + db + ".* TO 'plain'@'%'",
                "CREATE USER 'plain'@'localhost' IDENTIFIED BY 'pw'", "GRANT SELECT ON " + db + ".* TO 'plain'@'localhost'");
        try (Connector connector = connector(db, "my_plain", "plain", "pw")) {
            assertCaptureFails(connector, new TableId(db, "t"))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining("'plain'")
                    .hasMessageContaining("REPLICATION SLAVE");
        }
    }

    @Test
    void statementBinlogIsRefusedWithTheSettingToChange() {
        String db = database("CREATE TABLE t (id INT PRIMARY KEY)", "SET GLOBAL binlog_format = 'STATEMENT'");
        try (Connector connector = connector(db, "my_statement")) {
            assertCaptureFails(connector, new TableId(db, "t"))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("127.0.0.1:" + mariaDb.port())
                    .hasMessageContaining("binlog_format is STATEMENT, it must be ROW");
        } finally {
            execute(db, "SET GLOBAL binlog_format = 'ROW'");
        }
    }
}
