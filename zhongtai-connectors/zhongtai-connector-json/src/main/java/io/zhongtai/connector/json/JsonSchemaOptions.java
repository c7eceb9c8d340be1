package io.zhongtai.connector.json;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionProblem;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;
import java.util.Optional;

/**
 * The options that say which columns the JSON part of a message becomes: declared with {@code columns}, else inferred
 * from {@code sample-size} messages. Each connector declares {@code sample-size} itself, since how it samples differs.
 */
public final class JsonSchemaOptions {
    public static final String COLUMNS = "columns";
    public static final String SAMPLE_SIZE = "sample-size";

    private JsonSchemaOptions() {
    }

    /** The {@code columns} option; {@code part} names the part of a message the columns come from ("Value", "Body"). */
    public static OptionSpec columns(String part) {
        return OptionSpec.string(COLUMNS, part + " columns as 'name TYPE, ...' (BOOLEAN, SMALLINT, INTEGER, BIGINT, FLOAT,"
                + " DOUBLE, DECIMAL(p,s), STRING, JSON, BINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID); fields not declared"
                + " are ignored. Default: inferred from sample messages, and new fields add columns");
    }

    /** The declared columns when {@code columns} is set; else empty, also when it is invalid, which adds a problem. */
    public static Optional<List<Column>> declaredColumns(ConnectorConfig config, List<OptionProblem> problems) {
        if (!config.has(COLUMNS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonColumns.parse(config.getString(COLUMNS)));
        } catch (IllegalArgumentException e) {
            problems.add(new OptionProblem(COLUMNS, e.getMessage()));
            return Optional.empty();
        }
    }

    /** The {@code sample-size}; a negative one adds a problem. */
    public static int sampleSize(ConnectorConfig config, List<OptionProblem> problems) {
        int sampleSize = config.getInt(SAMPLE_SIZE);
        if (sampleSize < 0) {
            problems.add(new OptionProblem(SAMPLE_SIZE, "must be 0 or more but is " + sampleSize));
        }
        return sampleSize;
    }
}
