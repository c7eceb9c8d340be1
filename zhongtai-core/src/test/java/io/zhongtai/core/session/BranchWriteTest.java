package io.zhongtai.core.session;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BranchWriteTest {
    private static final TableName ORDERS = new TableName("dwd", "orders");

    @Test
    void writesGoToTheBranchUntilItIsPublished(@TempDir Path home) {
        try (PlatformFixture f = new PlatformFixture(home)) {
            f.run("CREATE TABLE dwd.orders AS SELECT * FROM (VALUES (1, 10), (2, 20)) t(id, amount)");
            f.platform.lakehouse().createBranch(ORDERS, "audit_1");
            f.session.writeToBranch(ORDERS, "audit_1");

            assertThat(f.run("INSERT INTO dwd.orders VALUES (3, 30)")).contains("branch audit_1");
            f.run("MERGE INTO dwd.orders t USING (SELECT 1 AS id, 11 AS amount) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET amount = s.amount");
            f.run("INSERT OVERWRITE dwd.orders SELECT * FROM dwd.orders AT (VERSION => 'audit_1') WHERE id <> 2");
            assertThatThrownBy(() -> f.run("CREATE OR REPLACE TABLE dwd.orders AS SELECT 1 AS id"))
                    .isInstanceOf(ZhongtaiException.class).hasMessageContaining("use INSERT OVERWRITE");

            assertThat(f.rows("SELECT id, amount FROM dwd.orders ORDER BY id")).isEqualTo(List.of(List.of(1, 10), List.of(2, 20)));
            assertThat(f.rows("SELECT id, amount FROM dwd.orders AT (VERSION => 'audit_1') ORDER BY id"))
                    .isEqualTo(List.of(List.of(1, 11), List.of(3, 30)));

            f.session.writeToBranch(ORDERS, null);
            f.platform.lakehouse().publishBranch(ORDERS, "audit_1");
            assertThat(f.rows("SELECT id, amount FROM dwd.orders ORDER BY id")).isEqualTo(List.of(List.of(1, 11), List.of(3, 30)));
            assertThat(f.platform.lakehouse().table(ORDERS).refs()).containsOnlyKeys("main");
        }
    }

    @Test
    void aBranchCannotBePublishedOverANewerMain(@TempDir Path home) {
        try (PlatformFixture f = new PlatformFixture(home)) {
            f.run("CREATE TABLE dwd.orders AS SELECT * FROM (VALUES (1, 10)) t(id, amount)");
            f.platform.lakehouse().createBranch(ORDERS, "audit_2");
            f.session.writeToBranch(ORDERS, "audit_2");
            f.run("INSERT INTO dwd.orders VALUES (2, 20)");
            f.session.writeToBranch(ORDERS, null);
            f.run("INSERT INTO dwd.orders VALUES (9, 90)");

            assertThatThrownBy(() -> f.platform.lakehouse().publishBranch(ORDERS, "audit_2"))
                    .isInstanceOf(ZhongtaiException.class)
                    .hasMessageStartingWith("Cannot publish branch audit_2 of dwd.orders: ");
            assertThat(f.count("dwd.orders")).isEqualTo(2);
            f.platform.lakehouse().dropBranch(ORDERS, "audit_2");
            assertThat(f.platform.lakehouse().table(ORDERS).refs()).containsOnlyKeys("main");
        }
    }
}
