package io.zhongtai.connector.json;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionProblem;
import io.zhongtai.spi.options.OptionSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSchemaOptionsTest {
    private static final List<OptionSpec> OPTIONS = List.of(JsonSchemaOptions.columns("Body"),
            OptionSpec.integer(JsonSchemaOptions.SAMPLE_SIZE, 10, "Messages to infer the body columns from"));

    private static ConnectorConfig config(Map<String, String> options) {
        return ConnectorConfig.validate("test", OPTIONS, options);
    }

    @Test
    void declaredColumnsAndSampleSize() {
        List<OptionProblem> problems = new ArrayList<>();
        ConnectorConfig config = config(Map.of("columns", "id BIGINT, \"a b\" DECIMAL(10,2)", "sample-size", "0"));
        assertThat(JsonSchemaOptions.declaredColumns(config, problems))
                .contains(List.of(Column.of("id", DataType.BIGINT), Column.of("a b", DataType.decimal(10, 2))));
        assertThat(JsonSchemaOptions.sampleSize(config, problems)).isZero();
        assertThat(problems).isEmpty();
        assertThat(JsonSchemaOptions.declaredColumns(config(Map.of()), problems)).isEmpty();
        assertThat(OPTIONS.get(0).doc()).startsWith("Body columns as 'name TYPE, ...'");
    }

    @Test
    void badValuesBecomeProblemsNamingTheOption() {
        List<OptionProblem> problems = new ArrayList<>();
        ConnectorConfig config = config(Map.of("columns", "id", "sample-size", "-1"));
        assertThat(JsonSchemaOptions.declaredColumns(config, problems)).isEmpty();
        JsonSchemaOptions.sampleSize(config, problems);
        assertThat(problems).containsExactly(
                new OptionProblem("columns", "column 'id' has no type; write it as 'id BIGINT'"),
                new OptionProblem("sample-size", "must be 0 or more but is -1"));
    }
}
