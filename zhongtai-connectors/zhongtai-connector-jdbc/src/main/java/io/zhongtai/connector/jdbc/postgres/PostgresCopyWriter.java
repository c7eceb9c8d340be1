package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.JdbcWriter;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.TableId;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Exports with COPY FROM STDIN (CSV): straight into the target for APPEND and OVERWRITE; for UPSERT into a
 * temporary staging table, merged at commit with {@code INSERT ... ON CONFLICT (keys) DO UPDATE} (the last row
 * of a key wins).
 */
final class PostgresCopyWriter extends JdbcWriter {
    private static final int FLUSH_CHARS = 1 << 20;
    private static final String SEQUENCE = "__zt_seq";

    private final PostgresConnector postgres;
    private final String columnList;
    private final String copyTarget;

    PostgresCopyWriter(PostgresConnector connector, Connection connection, TableId target, List<Column> columns,
                       WriteMode mode, List<String> keyColumns) throws SQLException {
        super(connector, connection, target, columns, mode, keyColumns);
        this.postgres = connector;
        this.columnList = columns.stream().map(c -> connector.quote(c.name())).collect(Collectors.joining(", "));
        if (mode == WriteMode.UPSERT) {
            copyTarget = connector.quote("zt_stage_" + Long.toHexString(System.nanoTime()));
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE " + copyTarget + " ON COMMIT DROP AS SELECT " + columnList + " FROM "
                        + connector.qualified(target) + " WITH NO DATA");
                s.execute("ALTER TABLE " + copyTarget + " ADD COLUMN " + SEQUENCE + " bigserial");
            }
        } else {
            copyTarget = connector.qualified(target);
        }
    }

    @Override
    protected void load(ColumnBatch batch) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + copyTarget + " (" + columnList + ") FROM STDIN (FORMAT csv, NULL '\\N')");
        try {
            StringBuilder csv = new StringBuilder();
            for (int r = 0; r < batch.rowCount(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    if (c > 0) {
                        csv.append(',');
                    }
                    Object value = batch.get(c, r);
                    if (value == null) {
                        csv.append("\\N");
                        continue;
                    }
                    String text;
                    try {
                        text = PostgresTypes.text(value, columns.get(c).type());
                    }
                    catch (ClassCastException | IllegalArgumentException e) {
                        throw invalidValue(c, r, value, "not a " + columns.get(c).type().sqlName() + " value ("
                                + value.getClass().getSimpleName() + ")");
                    }
                    csv.append('"').append(text.replace("\"", "\"\"")).append('"');
                }
                csv.append('\n');
                if (csv.length() >= FLUSH_CHARS) {
                    send(copy, csv);
                }
            }
            send(copy, csv);
            copy.endCopy();
        }
        finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }

    @Override
    protected void finish() throws SQLException {
        if (mode != WriteMode.UPSERT) {
            return;
        }
        String keys = keyColumns.stream().map(postgres::quote).collect(Collectors.joining(", "));
        String updates = columns.stream().map(Column::name).filter(n -> !keyColumns.contains(n))
                .map(n -> postgres.quote(n) + " = EXCLUDED." + postgres.quote(n))
                .collect(Collectors.joining(", "));
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO " + postgres.qualified(target) + " (" + columnList + ") SELECT DISTINCT ON (" + keys
                    + ") " + columnList + " FROM " + copyTarget + " ORDER BY " + keys + ", " + SEQUENCE + " DESC"
                    + " ON CONFLICT (" + keys + ") " + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + updates));
        }
    }
}
