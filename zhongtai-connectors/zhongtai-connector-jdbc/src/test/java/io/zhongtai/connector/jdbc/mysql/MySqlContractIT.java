package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.connector.jdbc.JdbcContractTests;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The connector contract against a real MariaDB, logged in as a password user. */
class MySqlContractIT extends JdbcContractTests {
    private static final String PASSWORD = "s3cret'pw";
    private static final int ROWS = 200;

    private static TestingMariaDb mariaDb;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        mariaDb = new TestingMariaDb();
        database = mariaDb.createDatabase();
        mariaDb.createUser("zt_user", PASSWORD);
        StringBuilder insert = new StringBuilder("INSERT INTO people VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", 'name ").append(i).append("', ")
                    .append(i % 3 == 0 ? "NULL" : "'2024-01-02 03:04:05." + String.format("%06d", i) + "'").append(")");
        }
        mariaDb.execute(database, "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " updated_at DATETIME(6)); " + insert + ";");
    }

    @AfterAll
    static void stop() throws Exception {
        mariaDb.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new MySqlConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(mariaDb.port()), "database", database,
                "user", "zt_user", "password", PASSWORD);
    }

    @Override
    protected TableId sampleTable() {
        return new TableId(database, "people");
    }

    @Override
    protected long sampleRows() {
        return ROWS;
    }

    @Override
    protected String cursorColumn() {
        return "id";
    }
}
