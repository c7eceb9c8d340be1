package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagingTableTest {
    private static final List<Column> ALL_TYPES = List.of(
            Column.of("b", DataType.BOOLEAN), Column.of("s", DataType.SMALLINT), Column.of("i", DataType.INTEGER),
            Column.of("l", DataType.BIGINT), Column.of("f", DataType.FLOAT), Column.of("d", DataType.DOUBLE),
            Column.of("n", DataType.decimal(20, 4)), Column.of("t", DataType.STRING), Column.of("j", DataType.JSON),
            Column.of("bin", DataType.BINARY), Column.of("dt", DataType.DATE), Column.of("tm", DataType.TIME),
            Column.of("ts", DataType.TIMESTAMP), Column.of("tz", DataType.TIMESTAMP_TZ), Column.of("u", DataType.UUID),
            Column.of("li", DataType.list(DataType.INTEGER)), Column.of("ls", DataType.list(DataType.STRING)));

    private Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void everyTypeAndNullArrivesUnchanged() throws Exception {
        UUID uuid = UUID.fromString("6f1c2b0e-8a8d-4f5e-9c1a-2b3c4d5e6f70");
        ColumnBatch.Builder rows = ColumnBatch.builder(ALL_TYPES, 3);
        rows.set(0, true).set(1, (short) -7).set(2, 2_000_000_000).set(3, Long.MIN_VALUE).set(4, 1.5f).set(5, -2.25e300)
                .set(6, new BigDecimal("-1234567890123456.7891")).set(7, "名字 \"quoted\", comma").set(8, "{\"a\": [1, 2]}")
                .set(9, new byte[]{0, (byte) 0xff, 10}).set(10, LocalDate.of(1969, 12, 31)).set(11, LocalTime.of(23, 59, 58, 123_456_000))
                .set(12, LocalDateTime.of(1900, 1, 2, 3, 4, 5, 678_901_000)).set(13, Instant.parse("2026-11-26T01:02:03.456789Z"))
                .set(14, uuid).set(15, List.of(1, 2, 3)).set(16, java.util.Arrays.asList("x", null, "")).endRow();
        rows.endRow(); // all null
        rows.set(6, new BigDecimal("2.5")).set(13, OffsetDateTime.of(2026, 1, 1, 8, 0, 0, 0, ZoneOffset.ofHours(8)))
                .set(14, uuid.toString()).set(15, List.of()).endRow();
        StagingTable staging = StagingTable.create(c, "__t", ALL_TYPES);
        staging.add(rows.build());

        List<List<Object>> got = query("SELECT b, s, i, l, f, d, n::VARCHAR, t, j::VARCHAR, hex(bin), dt::VARCHAR, tm::VARCHAR, ts::VARCHAR,"
                + " tz::VARCHAR, u::VARCHAR, li::VARCHAR, ls::VARCHAR, " + StagingTable.SEQUENCE_COLUMN + " FROM " + staging.flushed()
                + " ORDER BY " + StagingTable.SEQUENCE_COLUMN);

        assertThat(got.get(0)).containsExactly(true, (short) -7, 2_000_000_000, Long.MIN_VALUE, 1.5f, -2.25e300,
                "-1234567890123456.7891", "名字 \"quoted\", comma", "{\"a\": [1, 2]}", "00FF0A", "1969-12-31", "23:59:58.123456",
                "1900-01-02 03:04:05.678901", "2026-11-26 01:02:03.456789+00", uuid.toString(), "[1, 2, 3]", "[x, NULL, '']", 0L);
        assertThat(got.get(1).subList(0, 17)).containsOnlyNulls();
        assertThat(got.get(1).get(17)).isEqualTo(1L);
        assertThat(got.get(2).get(6)).isEqualTo("2.5000");
        assertThat(got.get(2).get(13)).isEqualTo("2026-01-01 00:00:00+00");
        assertThat(got.get(2).get(14)).isEqualTo(uuid.toString());
        assertThat(got.get(2).get(15)).isEqualTo("[]");
    }

    @Test
    void rowsHeldBackAcrossManyBatchesKeepTheirOrderAndAreAllThere() throws Exception {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING));
        StagingTable staging = StagingTable.create(c, "__t", columns);
        long id = 0;
        // 37 batches of 7,001 rows: some inserts happen on add (each 122,880 rows), the rest on flushed().
        for (int b = 0; b < 37; b++) {
            ColumnBatch.Builder rows = ColumnBatch.builder(columns, 7_001);
            for (int r = 0; r < 7_001; r++, id++) {
                rows.setLong(0, id).set(1, "row " + id).endRow();
            }
            staging.add(rows.build());
        }
        assertThat(staging.rows()).isEqualTo(id);

        List<List<Object>> got = query("SELECT count(*), count(DISTINCT " + StagingTable.SEQUENCE_COLUMN + "), "
                + "count(*) FILTER (WHERE id = " + StagingTable.SEQUENCE_COLUMN + " AND name = 'row ' || id) FROM " + staging.flushed());
        assertThat(got.get(0)).containsExactly(id, id, id);

        staging.clear();
        assertThat(staging.rows()).isZero();
        assertThat(query("SELECT count(*) FROM " + staging.flushed()).get(0)).containsExactly(0L);
    }

    @Test
    void aValueThatDoesNotFitItsColumnFailsNamingTheTable() {
        List<Column> columns = List.of(Column.of("n", DataType.decimal(6, 2)));
        StagingTable staging = StagingTable.create(c, "__t", columns);
        ColumnBatch.Builder rows = ColumnBatch.builder(columns, 1);
        rows.set(0, new BigDecimal("1.234")).endRow();
        staging.add(rows.build());

        assertThatThrownBy(staging::flushed)
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("Cannot stage rows into __t");
    }

    private List<List<Object>> query(String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
