package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.data.TableId;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Entry points the PostgreSQL and MySQL connectors delegate {@code openChangeStream}/{@code changeOffsetOrder} to. */
public final class JdbcCdc {
    private JdbcCdc() {
    }

    public static ChangeStream openPostgres(CdcSource source, List<TableId> tables, Optional<String> offset) {
        return new DebeziumChangeStream(PostgresCdc.INSTANCE, source, tables, offset);
    }

    public static Comparator<String> postgresOffsetOrder() {
        return ChangeOffset.textOrder(PostgresCdc.INSTANCE.order());
    }

    public static ChangeStream openMySql(CdcSource source, List<TableId> tables, Optional<String> offset) {
        return new DebeziumChangeStream(MySqlCdc.INSTANCE, source, tables, offset);
    }

    public static Comparator<String> mySqlOffsetOrder() {
        return ChangeOffset.textOrder(MySqlCdc.INSTANCE.order());
    }
}
