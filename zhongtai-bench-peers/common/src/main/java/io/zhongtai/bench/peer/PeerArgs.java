package io.zhongtai.bench.peer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line SyncBench gives every peer: where to read ({@code --url --user --password --table}), how to
 * split the read ({@code --column --partitions}) and where to write ({@code --out}).
 */
public record PeerArgs(String url, String user, String password, String table, String column, int partitions, Path out) {
    private static final List<String> NAMES = List.of("--url", "--user", "--password", "--table", "--column", "--partitions", "--out");

    public static PeerArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!NAMES.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Cannot parse peer arguments at '" + args[i] + "': expected " + String.join(" V ", NAMES) + " V");
            }
            values.put(args[i], args[i + 1]);
        }
        List<String> missing = NAMES.stream().filter(n -> !values.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Missing peer arguments: " + String.join(", ", missing));
        }
        return new PeerArgs(values.get("--url"), values.get("--user"), values.get("--password"), values.get("--table"),
                values.get("--column"), Integer.parseInt(values.get("--partitions")), Path.of(values.get("--out")));
    }

    /** Lower and upper bound of the partition column, looked up as a user of the peer would. */
    public long[] partitionBounds() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT min(" + column + "), max(" + column + ") FROM " + table)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
