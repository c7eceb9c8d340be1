package io.zhongtai.pipeline.clean;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The compiled SELECTs run through the platform's SQL session, which refuses table functions and non-lakehouse tables. */
class CleanPlatformTest {
    @TempDir
    Path home;

    @Test
    void compiledSelectsRunInThePlatformSandbox() {
        try (PlatformFixture zt = new PlatformFixture(home)) {
            zt.run("CREATE SCHEMA dim");
            zt.run("CREATE TABLE dim.country_codes (code VARCHAR, name VARCHAR)");
            zt.run("INSERT INTO dim.country_codes VALUES ('DE', 'Germany')");
            zt.run("CREATE TABLE ods.shop_customers (customer_id INTEGER, email VARCHAR, country VARCHAR, age VARCHAR, "
                    + "updated_at TIMESTAMP)");
            zt.run("""
                    INSERT INTO ods.shop_customers VALUES
                    (1, ' ann@example.com', 'de', '34', TIMESTAMP '2024-01-01 10:00:00'),
                    (1, 'ann@example.com', 'de', '35', TIMESTAMP '2024-02-01 10:00:00'),
                    (2, 'bob@', 'fr', 'abc', TIMESTAMP '2024-01-01 10:00:00')
                    """);
            CleanSpec spec = CleanSpec.parse(new TableName("ods", "shop_customers"), new TableName("dwd", "customers"),
                    CleanCompilerTest.opNodes(YamlDocument.parse("shop.yaml", """
                            - trim: [email]
                            - case: {upper: [country]}
                            - cast: {age: INTEGER}
                            - regex_validate: {column: email, pattern: '^[^@]+@[^@]+\\.[^@]+$'}
                            - map_values: {column: country, table: dim.country_codes, from: code, to: name, unmatched: reject}
                            - mask: {column: email, method: partial, keep_first: 3}
                            - dedupe: {key: [customer_id], latest_by: updated_at}
                            """), ""));
            List<Column> input = List.of(Column.of("customer_id", DataType.INTEGER), Column.of("email", DataType.STRING),
                    Column.of("country", DataType.STRING), Column.of("age", DataType.STRING),
                    Column.of("updated_at", DataType.TIMESTAMP));

            CompiledClean compiled = CleanCompiler.compile(spec, input);

            assertThat(zt.rows("SELECT customer_id, email, country, age FROM (" + compiled.cleanSelect() + ")"))
                    .containsExactly(List.of(1, "ann************", "Germany", 35));
            assertThat(zt.rows("SELECT reason FROM (" + compiled.rejectsSelect() + ") ORDER BY original")).containsExactly(
                    List.of("dedupe customer_id: duplicate key, the row with the latest updated_at is kept"),
                    List.of("cast age: cannot cast 'abc' to INTEGER; regex_validate email: 'bob@' does not match "
                            + "^[^@]+@[^@]+\\.[^@]+$; map_values country: 'FR' is not in dim.country_codes.code"));
        }
    }
}
