package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.connector.jdbc.cdc.CdcTesting.Change;
import io.zhongtai.connector.jdbc.cdc.CdcTesting.Read;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What change data capture promises on PostgreSQL and MySQL alike, in SQL both run: a snapshot, then changes in
 * order, and resuming after the committed offset without loss or repeats (also after the stream closed promptly,
 * leaving no threads); columns added while capturing. Subclasses start a server with change capture enabled and
 * check their types and what they refuse, with the helpers here.
 */
abstract class JdbcCdcTests {
    /** The capturing user each subclass creates with the grants change capture needs. */
    static final String USER = "cdc_user";
    static final String PASSWORD = "cdc pw'1";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path workDir;

    /** A new database with {@code ddl} run in it, whose tables the CDC user may capture; what {@link #execute} takes. */
    abstract String database(String... ddl);

    abstract void execute(String database, String... statements);

    /** The table {@code name} of {@code database}, named in full. */
    abstract TableId table(String database, String name);

    /** A connector to {@code database} logged in as the CDC user. */
    abstract Connector connector(String database, String sourceName);

    /** Whether deletes carry the whole old row (MySQL's full row images) or only the key (PostgreSQL's default). */
    abstract boolean deletesCarryTheOldRow();

    /** Marks {@code offset} committed; a dialect overrides this to check what committing confirms to the server. */
    void commit(ChangeStream stream, String sourceName, String offset) throws Exception {
        stream.committed(offset);
    }

    @Test
    void snapshotThenChangesInOrderAndResumeAfterCommittedOffsetWithoutLossOrRepeats() throws Exception {
        String db = database("CREATE TABLE orders (id int PRIMARY KEY, status varchar(20) NOT NULL, amount decimal(10,2))",
                "INSERT INTO orders VALUES (1, 'new', 10.50), (2, 'new', 20.00), (3, 'paid', 30.25)");
        TableId orders = table(db, "orders");
        String offset;
        try (Connector connector = connector(db, "resume")) {
            assertThat(connector.capabilities()).contains(Capability.CDC);
            Set<Thread> threadsBefore = CdcTesting.liveThreads();
            try (ChangeStream stream = connector.openChangeStream(List.of(orders), Optional.empty())) {
                Read snapshot = CdcTesting.read(stream, 3, WAIT);
                assertThat(snapshot.changes()).extracting(Change::op).containsOnly("r");
                assertThat(snapshot.briefs("id", "status")).containsExactlyInAnyOrder("1/r/new", "2/r/new", "3/r/paid");
                assertThat(snapshot.schemas().get(0)).isEqualTo(connector.describe(orders));

                execute(db,
                        "INSERT INTO orders VALUES (4, 'new', 40.00)",
                        "UPDATE orders SET status = 'paid', amount = 10.55 WHERE id = 1",
                        "DELETE FROM orders WHERE id = 2",
                        "INSERT INTO orders VALUES (5, 'new', NULL)");
                Read changes = CdcTesting.read(stream, 4, WAIT);
                assertThat(changes.changes()).extracting(c -> c.brief("id", "status"))
                        .containsExactly("4/c/new", "1/u/paid", deleted(2, "new"), "5/c/new");
                assertThat(changes.changes().get(1).get("amount")).isEqualTo(new BigDecimal("10.55"));
                assertThat(changes.changes().get(3).get("amount")).isNull();
                assertThat(connector.changeOffsetOrder().compare(snapshot.offset(), changes.offset())).isNegative();

                offset = changes.offset();
                commit(stream, "resume", offset);
                // delivered but never committed: must come again after the restart
                execute(db, "UPDATE orders SET status = 'shipped' WHERE id = 4");
                CdcTesting.read(stream, 1, WAIT);
                long closing = System.nanoTime();
                stream.close();
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("time to close").isLessThan(Duration.ofSeconds(5));
            }
            assertThat(CdcTesting.threadsStartedSince(threadsBefore)).as("threads left after close").isEmpty();

            execute(db,
                    "INSERT INTO orders VALUES (6, 'new', 60.00)",
                    "DELETE FROM orders WHERE id = 3",
                    "UPDATE orders SET status = 'late' WHERE id = 5");
            try (ChangeStream stream = connector.openChangeStream(List.of(orders), Optional.of(offset))) {
                Read resumed = CdcTesting.read(stream, 4, WAIT);
                assertThat(resumed.changes()).extracting(c -> c.brief("id", "status"))
                        .containsExactly("4/u/shipped", "6/c/new", deleted(3, "paid"), "5/u/late");
                assertThat(connector.changeOffsetOrder().compare(offset, resumed.offset())).isNegative();
            }
        }
    }

    /** The brief of a delete: its status is null when deletes carry only the key. */
    private String deleted(int id, String status) {
        return id + "/d/" + (deletesCarryTheOldRow() ? status : null);
    }

    @Test
    void addedColumnShowsUpInTheNextSchema() {
        String db = database("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))", "INSERT INTO items VALUES (1, 'a')");
        TableId items = new TableId("", "items"); // without a namespace: the connector's default one
        try (Connector connector = connector(db, "drift");
                ChangeStream stream = connector.openChangeStream(List.of(items), Optional.empty())) {
            CdcTesting.read(stream, 1, WAIT);
            execute(db,
                    "INSERT INTO items VALUES (2, 'b')",
                    "ALTER TABLE items ADD COLUMN price decimal(8,2)",
                    "INSERT INTO items VALUES (3, 'c', 9.99)");
            Read read = CdcTesting.read(stream, 2, WAIT);
            assertThat(read.changes()).extracting(c -> c.brief("id", "name")).containsExactly("2/c/b", "3/c/c");
            TableSchema last = read.schemas().get(read.schemas().size() - 1);
            assertThat(last.columnNames()).containsExactly("id", "name", "price");
            assertThat(last.table()).as("tables named as the caller named them").isEqualTo(items);
            assertThat(read.changes().get(1).get("price")).isEqualTo(new BigDecimal("9.99"));
        }
    }

    /**
     * Captures the empty {@code table}, runs {@code inserts} (two rows) and returns their changes, checking that the
     * changes carry the connector's own schema of the table.
     */
    Read captureInserts(Connector connector, String database, TableId table, String... inserts) {
        try (ChangeStream stream = connector.openChangeStream(List.of(table), Optional.empty())) {
            CdcTesting.read(stream, 0, Duration.ofSeconds(2));
            execute(database, inserts);
            Read read = CdcTesting.read(stream, 2, WAIT);
            assertThat(read.schemas().get(0)).isEqualTo(connector.describe(table));
            return read;
        }
    }

    /**
     * Checks the columns both dialects' {@code typed} tables have, as {@link #captureInserts} returned them: row 1
     * with small -32768, price DECIMAL(12,4) 12345678.0100, ratio 0.0025, flag true, name 'naïve 中台 ✓', born
     * 2024-02-29, wakes 23:59:59.123456, seen 2024-02-29 12:34:56.789012, stamped 2024-02-29T10:34:56.789012Z,
     * raw 0x00FF10 and doc {"a": [1, 2]}; row 2 with only id 2.
     */
    static void assertCommonTypes(Read read) {
        assertThat(read.schemas().get(0).column("price").orElseThrow().type()).isEqualTo(DataType.decimal(12, 4));
        Change full = read.changes().get(0);
        assertThat(full.values()).containsEntry("small", -32768L)
                .containsEntry("price", new BigDecimal("12345678.0100"))
                .containsEntry("ratio", 0.0025)
                .containsEntry("flag", true)
                .containsEntry("name", "naïve 中台 ✓")
                .containsEntry("born", LocalDate.of(2024, 2, 29))
                .containsEntry("wakes", LocalTime.of(23, 59, 59, 123_456_000))
                .containsEntry("seen", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_000))
                .containsEntry("stamped", Instant.parse("2024-02-29T10:34:56.789012Z"));
        assertThat((byte[]) full.get("raw")).containsExactly(0x00, 0xff, 0x10);
        assertThat((String) full.get("doc")).contains("\"a\"");
        Change empty = read.changes().get(1);
        assertThat(empty.values()).containsEntry("id", 2L);
        Map<String, Object> others = new LinkedHashMap<>(empty.values());
        others.remove("id");
        assertThat(others).allSatisfy((column, value) -> assertThat(value).as(column).isNull());
    }

    /** Asserts that opening a change stream of {@code table} fails; chain what the failure must say. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertCaptureFails(Connector connector, TableId table) {
        return assertThatThrownBy(() -> connector.openChangeStream(List.of(table), Optional.empty()));
    }
}
