package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The change data capture options the PostgreSQL and MySQL connectors declare in addition to their own. */
public final class CdcOptions {
    public static final String SNAPSHOT = "cdc-snapshot";
    public static final String HEARTBEAT_INTERVAL = "cdc-heartbeat-interval";
    public static final String SLOT_NAME = "cdc-slot";
    public static final String PUBLICATION_NAME = "cdc-publication";
    public static final String SERVER_ID = "cdc-server-id";

    private static final List<OptionSpec> COMMON = List.of(
            OptionSpec.oneOf(SNAPSHOT, "initial", "CDC start without a stored offset: 'initial' copies the tables' "
                    + "current rows first, 'no_data' captures only changes from now on", "initial", "no_data"),
            OptionSpec.duration(HEARTBEAT_INTERVAL, "5s", "CDC: how often the source position is refreshed while the "
                    + "captured tables see no changes, so the log behind it can be released"));

    /** Options of the {@code postgres} connector for CDC. */
    public static final List<OptionSpec> POSTGRES = concat(COMMON, List.of(
            OptionSpec.string(SLOT_NAME, "CDC: logical replication slot to use (created if missing); default zt_<source name>"),
            OptionSpec.string(PUBLICATION_NAME, "CDC: publication to use, created for the captured tables if missing; "
                    + "default zt_<source name>")));

    /** Options of the {@code mysql} connector for CDC. */
    public static final List<OptionSpec> MYSQL = concat(COMMON, List.of(
            OptionSpec.integer(SERVER_ID, 0, "CDC: replica server id used to read the binlog, unique among the "
                    + "server's replicas; 0 derives one from the source name")));

    private CdcOptions() {
    }

    /** {@code zt_<source name>} lower-cased with anything but letters, digits and _ replaced, at most 63 characters. */
    static String defaultName(ConnectorContext context) {
        String name = "zt_" + context.sourceName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    static String nameOption(ConnectorConfig config, String option, ConnectorContext context) {
        return config.optional(option).filter(s -> !s.isBlank()).orElseGet(() -> defaultName(context));
    }

    static Duration heartbeat(ConnectorConfig config) {
        return config.getDuration(HEARTBEAT_INTERVAL);
    }

    static String snapshot(ConnectorConfig config) {
        return config.getChoice(SNAPSHOT);
    }

    private static List<OptionSpec> concat(List<OptionSpec> a, List<OptionSpec> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
