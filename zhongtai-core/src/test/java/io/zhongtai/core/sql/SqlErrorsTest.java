package io.zhongtai.core.sql;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Error messages users see, pinned with their positions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlErrorsTest {
    PlatformFixture zt;

    @BeforeAll
    void setUp(@TempDir Path dir) {
        zt = new PlatformFixture(dir);
        zt.run("CREATE TABLE ods.t (id INTEGER, v VARCHAR)");
    }

    @AfterAll
    void tearDown() {
        zt.close();
    }

    private ZhongtaiException error(String sql) {
        return catchThrowableOfType(ZhongtaiException.class, () -> zt.rows(sql));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        ZhongtaiException e = error("SELECT id\nFROM ods.t\nWHER id = 1");
        assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("Syntax error at line 3, column 6: syntax error at or near \"id\"");
        assertThat(e.position()).isEqualTo(new ZhongtaiException.SqlPosition(3, 6, 26));
    }

    @Test
    void unknownTableIsNotFoundWithPosition() {
        ZhongtaiException e = error("SELECT * FROM ods.t JOIN dwd.missing USING (id)");
        assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("Table does not exist: dwd.missing (at line 1, column 26)");
    }

    @Test
    void unknownColumnComesFromTheBinderWithPosition() {
        ZhongtaiException e = error("SELECT nope FROM ods.t");
        assertThat(e.getMessage()).startsWith("Binder Error: Referenced column \"nope\" not found in FROM clause!");
        assertThat(e.position()).isNotNull();
        assertThat(e.position().column()).isEqualTo(8);
    }

    @Test
    void unknownSnapshotAndTag() {
        assertThat(error("SELECT * FROM ods.t AT (VERSION => 42)").getMessage()).startsWith("Table ods.t has no snapshot 42");
        assertThat(error("SELECT * FROM ods.t AT (VERSION => 'nope')").getMessage()).startsWith("Table ods.t has no tag or branch named nope");
    }

    @Test
    void ddlErrors() {
        assertThat(catchThrowableOfType(ZhongtaiException.class, () -> zt.run("CREATE TABLE ods.t (x INT)")).getMessage())
                .isEqualTo("Cannot create table, it already exists: ods.t (at line 1, column 18)");
        assertThat(catchThrowableOfType(ZhongtaiException.class, () -> zt.run("ALTER TABLE ods.t ALTER COLUMN v TYPE INTEGER")).getMessage())
                .startsWith("Cannot change column v from string to int: only widening is allowed");
        assertThat(catchThrowableOfType(ZhongtaiException.class, () -> zt.run("CREATE TABLE ods.i (x INTERVAL)")).getMessage())
                .startsWith("Column x: type INTERVAL is not supported in lakehouse tables");
        assertThat(catchThrowableOfType(ZhongtaiException.class, () -> zt.run("INSERT INTO ods.t VALUES (1)")).getMessage())
                .isEqualTo("INSERT INTO ods.t: the query produces 1 column(s) but 2 are expected (id, v)");
    }
}
