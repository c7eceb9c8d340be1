package io.zhongtai.core.sql;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlEngineTest {
    @TempDir
    Path home;
    PlatformFixture zt;

    @BeforeEach
    void setUp() {
        zt = new PlatformFixture(home);
    }

    @AfterEach
    void tearDown() {
        zt.close();
    }

    List<List<Object>> rows(String sql) {
        return zt.rows(sql);
    }

    String run(String sql) {
        return zt.run(sql);
    }

    @Test
    void createInsertSelectUpdateDeleteMerge() {
        run("CREATE TABLE ods.t (id INTEGER PRIMARY KEY, name VARCHAR, price DECIMAL(10,2), tags VARCHAR[], info STRUCT(a INT, b VARCHAR), "
                + "u UUID, j JSON, b BLOB, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, ok BOOLEAN, x DOUBLE, big BIGINT)");
        assertThat(run("INSERT INTO ods.t VALUES (1, 'a', 1.50, ['x','y'], {'a': 1, 'b': 'q'}, '00000000-0000-0000-0000-000000000001', "
                + "'{\"k\": 1}', 'ab'::BLOB, DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', TIMESTAMPTZ '2024-01-02 03:04:05+00', true, 2.5, 10), "
                + "(2, 'b', NULL, [], NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL, NULL)")).startsWith("INSERT 2 rows into ods.t");
        assertThat(rows("SELECT id, name, price, tags, info, j FROM ods.t ORDER BY id")).hasSize(2);
        assertThat(rows("SELECT count(*) FROM t")).containsExactly(List.of(2L));
        assertThat(run("UPDATE ods.t SET name = 'bb' WHERE id = 2")).startsWith("UPDATE 1 row in");
        assertThat(run("DELETE FROM ods.t WHERE id = 1")).startsWith("DELETE 1 row in");
        run("CREATE TABLE ods.s AS SELECT * FROM (VALUES (2, 'merged'), (3, 'new')) v(id, name)");
        assertThat(run("MERGE INTO ods.t USING ods.s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name "
                + "WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)")).startsWith("MERGE 2 rows");
        assertThat(rows("SELECT id, name FROM ods.t ORDER BY id")).containsExactly(List.of(2, "merged"), List.of(3, "new"));
    }

    @Test
    void timeTravelAndAlter() {
        run("CREATE TABLE ods.e (id INT, v VARCHAR)");
        run("INSERT INTO ods.e VALUES (1, 'one')");
        long first = zt.platform.lakehouse().table(new io.zhongtai.core.lakehouse.TableName("ods", "e")).currentSnapshot().snapshotId();
        run("INSERT INTO ods.e VALUES (2, 'two')");
        assertThat(rows("SELECT count(*) FROM ods.e AT (VERSION => " + first + ")")).containsExactly(List.of(1L));
        run("ALTER TABLE ods.e ADD COLUMN extra BIGINT");
        run("ALTER TABLE ods.e RENAME COLUMN v TO label");
        run("ALTER TABLE ods.e ALTER COLUMN id TYPE BIGINT");
        run("INSERT INTO ods.e VALUES (3, 'three', 33)");
        assertThat(rows("SELECT id, label, extra FROM ods.e ORDER BY id"))
                .containsExactly(Arrays.asList(1L, "one", null), Arrays.asList(2L, "two", null), List.of(3L, "three", 33L));
    }

    @Test
    void replaceKeepsHistoryAndFailedCreateAsLeavesNoTable() {
        run("CREATE TABLE ods.r (a INTEGER, b VARCHAR)");
        run("INSERT INTO ods.r VALUES (1, 'x')");
        run("CREATE OR REPLACE TABLE ods.r AS SELECT 42 AS c");
        assertThat(rows("DESCRIBE ods.r").stream().map(r -> r.get(0)).toList()).containsExactly("c");
        assertThat(rows("SELECT c FROM ods.r")).containsExactly(List.of(42));
        assertThat(zt.sessions().history(zt.session, new io.zhongtai.core.lakehouse.TableName("ods", "r"))).hasSize(2);
        run("CREATE OR REPLACE TABLE ods.r (d DATE) PARTITIONED BY (month(d))");
        assertThat(rows("SELECT count(*) FROM ods.r")).containsExactly(List.of(0L));
        assertThatThrownBy(() -> run("CREATE TABLE ods.broken AS SELECT CAST('x' AS INTEGER) AS n"))
                .isInstanceOf(ZhongtaiException.class).hasMessageContaining("Conversion Error");
        assertThat(zt.platform.lakehouse().tableExists(new io.zhongtai.core.lakehouse.TableName("ods", "broken"))).isFalse();
    }

    @Test
    void timeTravelToAnExpression() {
        run("CREATE TABLE ods.tt AS SELECT 1 AS x");
        assertThat(rows("SELECT count(*) FROM ods.tt AT (TIMESTAMP => now() + INTERVAL 1 DAY)")).containsExactly(List.of(1L));
        assertThat(rows("SELECT count(*) FROM ods.tt AS a AT (TIMESTAMP => CAST(now() AS TIMESTAMPTZ) + INTERVAL (1) HOUR) WHERE a.x = 1"))
                .containsExactly(List.of(1L));
    }

    @Test
    void partitionedTable() {
        run("CREATE TABLE dwd.p (id BIGINT, region VARCHAR, ts TIMESTAMP) PARTITIONED BY (region, day(ts), bucket(4, id))");
        run("INSERT INTO dwd.p SELECT i, CASE WHEN i % 2 = 0 THEN 'east' ELSE 'west' END, TIMESTAMP '2024-01-01' + INTERVAL (i % 3) DAY FROM range(100) t(i)");
        assertThat(rows("SELECT count(*), count(DISTINCT region) FROM dwd.p")).containsExactly(List.of(100L, 2L));
    }

    @Test
    void sandboxRefusesEscapes() {
        assertThatThrownBy(() -> rows("SELECT * FROM read_csv('/etc/passwd')")).isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("table function read_csv() is not allowed");
        assertThatThrownBy(() -> rows("SELECT * FROM '/etc/passwd'")).hasMessageContaining("Table does not exist");
        assertThatThrownBy(() -> run("COPY (SELECT 1) TO '/tmp/x.csv'")).hasMessageContaining("Statement not allowed: COPY");
        assertThatThrownBy(() -> run("ATTACH '/tmp/x.db'")).hasMessageContaining("Statement not allowed: ATTACH");
        assertThatThrownBy(() -> run("INSTALL httpfs")).hasMessageContaining("Statement not allowed: INSTALL");
        assertThatThrownBy(() -> run("SET enable_external_access = true")).hasMessageContaining("Statement not allowed: SET");
    }
}
