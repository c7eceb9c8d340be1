package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.JdbcContractTests;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The connector contract against a real PostgreSQL, logged in as a password (scram) user. The sample table has a
 * text key (split by NTILE boundaries) and text columns only, because the contract's write test re-writes the
 * rows it read, and BatchRows reads CSV file batches as text.
 */
class PostgresContractIT extends JdbcContractTests {
    private static final String PASSWORD = "s3cret'pw";
    private static final int ROWS = 200;

    private static TestingPostgres postgres;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestingPostgres();
        String url = postgres.createDatabase();
        database = url.substring(url.lastIndexOf('/') + 1);
        postgres.createUser("zt_user", PASSWORD);
        postgres.grantAll(url, "zt_user");
        postgres.execute(url,
                "CREATE TABLE people (id text PRIMARY KEY, name text NOT NULL, note text)",
                "INSERT INTO people SELECT 'k' || lpad(i::text, 4, '0'), 'name ' || i, CASE WHEN i % 3 = 0 THEN NULL"
                        + " ELSE 'a \"quoted\", note' || chr(10) || 'line 2' END FROM generate_series(1, " + ROWS + ") i",
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO zt_user");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new PostgresConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("host", "localhost", "port", String.valueOf(postgres.port()), "database", database,
                "user", "zt_user", "password", PASSWORD);
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("public", "people");
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
