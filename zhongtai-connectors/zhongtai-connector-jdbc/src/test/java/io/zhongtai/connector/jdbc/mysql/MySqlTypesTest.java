package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlTypesTest {
    @Test
    void unsignedIntegersWidenSoEveryValueFits() {
        assertThat(MySqlTypes.toPlatform("smallint", "smallint(5) unsigned", 5, 0, false)).isEqualTo(DataType.INTEGER);
        assertThat(MySqlTypes.toPlatform("int", "int(10) unsigned", 10, 0, false)).isEqualTo(DataType.BIGINT);
        assertThat(MySqlTypes.toPlatform("bigint", "bigint(20) unsigned", 20, 0, false)).isEqualTo(DataType.decimal(20, 0));
        assertThat(MySqlTypes.toPlatform("bigint", "bigint(20)", 19, 0, false)).isEqualTo(DataType.BIGINT);
    }

    @Test
    void tinyintOneAndBitOneAreBooleans() {
        assertThat(MySqlTypes.toPlatform("tinyint", "tinyint(1)", 3, 0, false)).isEqualTo(DataType.BOOLEAN);
        assertThat(MySqlTypes.toPlatform("tinyint", "tinyint(1) unsigned", 3, 0, false)).isEqualTo(DataType.SMALLINT);
        assertThat(MySqlTypes.toPlatform("bit", "bit(1)", 1, 0, false)).isEqualTo(DataType.BOOLEAN);
        assertThat(MySqlTypes.toPlatform("bit", "bit(8)", 8, 0, false)).isEqualTo(DataType.BIGINT);
    }

    @Test
    void decimalsBeyondThirtyEightDigitsAndUnknownTypesAreText() {
        assertThat(MySqlTypes.toPlatform("decimal", "decimal(65,30)", 65, 30, false)).isEqualTo(DataType.STRING);
        assertThat(MySqlTypes.toPlatform("geometry", "geometry", 0, 0, false)).isEqualTo(DataType.STRING);
        assertThat(MySqlTypes.toPlatform("longtext", "longtext", 0, 0, true)).isEqualTo(DataType.JSON);
        assertThat(MySqlTypes.isGeometry("multipolygon")).isTrue();
    }

    @Test
    void exportKeysGetIndexableTypes() {
        assertThat(MySqlTypes.toSql(DataType.STRING, true)).isEqualTo("VARCHAR(255)");
        assertThat(MySqlTypes.toSql(DataType.STRING, false)).isEqualTo("LONGTEXT");
        assertThat(MySqlTypes.toSql(DataType.TIMESTAMP_TZ, false)).isEqualTo("DATETIME(6)");
    }
}
