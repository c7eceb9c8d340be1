package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ChangeStream;
import io.zhongtai.spi.data.TableId;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The change data capture of one database family, which the JDBC connectors delegate {@code openChangeStream} to. */
public final class JdbcCdc {
    public static final JdbcCdc POSTGRES = new JdbcCdc(PostgresCdc.INSTANCE);
    public static final JdbcCdc MYSQL = new JdbcCdc(MySqlCdc.INSTANCE);

    private final CdcDialect dialect;

    private JdbcCdc(CdcDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    public ChangeStream open(CdcSource source, List<TableId> tables, Optional<String> offset) {
        return new DebeziumChangeStream(dialect, source, tables, offset);
    }

    public Comparator<String> offsetOrder() {
        return ChangeOffset.textOrder(dialect.order());
    }
}
