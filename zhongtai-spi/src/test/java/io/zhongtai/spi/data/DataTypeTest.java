package io.zhongtai.spi.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataTypeTest {
    @Test
    void parseIsTheInverseOfSqlName() {
        List<DataType> types = List.of(DataType.BOOLEAN, DataType.SMALLINT, DataType.INTEGER, DataType.BIGINT, DataType.FLOAT,
                DataType.DOUBLE, DataType.decimal(20, 4), DataType.STRING, DataType.JSON, DataType.BINARY, DataType.DATE, DataType.TIME,
                DataType.TIMESTAMP, DataType.TIMESTAMP_TZ, DataType.UUID, DataType.list(DataType.BIGINT),
                DataType.list(DataType.list(DataType.decimal(5, 2))));
        assertThat(types).allSatisfy(t -> assertThat(DataType.parse(t.sqlName())).isEqualTo(t));
    }

    @Test
    void parseTakesDuckDbAliasesAndFallsBackToText() {
        assertThat(DataType.parse(" timestamptz ")).isEqualTo(DataType.TIMESTAMP_TZ);
        assertThat(DataType.parse("UBIGINT")).isEqualTo(DataType.decimal(38, 0));
        assertThat(DataType.parse("DECIMAL(10, 2)")).isEqualTo(DataType.decimal(10, 2));
        assertThat(DataType.parse("TIMESTAMP_NS")).isEqualTo(DataType.TIMESTAMP);
        assertThat(DataType.parse("STRUCT(a INTEGER)")).isEqualTo(DataType.STRING);
        assertThat(DataType.parse("INTERVAL")).isEqualTo(DataType.STRING);
    }
}
