package io.zhongtai.spi.options;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorConfigTest {
    private static final List<OptionSpec> SPECS = List.of(
            OptionSpec.string("host", "Server host name").asRequired(),
            OptionSpec.integer("port", 5432, "Server port"),
            OptionSpec.string("password", "Password").asSecret(),
            OptionSpec.bool("ssl", false, "Use TLS"),
            OptionSpec.duration("connect-timeout", "10s", "Connect timeout"),
            OptionSpec.oneOf("format", "csv", "File format", "csv", "json"),
            OptionSpec.list("tables", "Tables to read"));

    @Test
    void appliesDefaultsAndParsesTypes() {
        ConnectorConfig config = ConnectorConfig.validate("pg", SPECS, Map.of("host", "db", "tables", "a, b,,c", "format", "JSON"));
        assertThat(config.getString("host")).isEqualTo("db");
        assertThat(config.getInt("port")).isEqualTo(5432);
        assertThat(config.getBoolean("ssl")).isFalse();
        assertThat(config.getDuration("connect-timeout")).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getChoice("format")).isEqualTo("json");
        assertThat(config.getList("tables")).containsExactly("a", "b", "c");
        assertThat(config.optional("password")).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithSuggestions() {
        assertThatThrownBy(() -> ConnectorConfig.validate("pg", SPECS,
                Map.of("prot", "1", "port", "x", "ssl", "maybe", "connect-timeout", "soon", "format", "xml")))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> {
                    assertThat(e.problems()).extracting(OptionProblem::option)
                            .containsExactlyInAnyOrder("prot", "host", "port", "ssl", "connect-timeout", "format");
                    assertThat(e.getMessage()).contains("prot: unknown option (did you mean 'port'?)")
                            .contains("host: required option is missing")
                            .contains("port: expected an integer but got 'x'")
                            .contains("format: expected one of csv, json but got 'xml'");
                });
    }

    @Test
    void secretsNeverAppearInRenderingsOrErrors() {
        ConnectorConfig config = ConnectorConfig.validate("pg", SPECS, Map.of("host", "db", "password", "hunter2"));
        assertThat(config.getString("password")).isEqualTo("hunter2");
        assertThat(config.masked()).containsEntry("password", ConnectorConfig.MASK);
        assertThat(config.toString()).doesNotContain("hunter2");
        List<OptionSpec> numericSecret = List.of(new OptionSpec("pin", OptionType.INTEGER, null, false, true, "PIN", List.of()));
        assertThatThrownBy(() -> ConnectorConfig.validate("x", numericSecret, Map.of("pin", "12ab34")))
                .hasMessageContaining("pin: expected an integer but got ******")
                .hasMessageNotContaining("12ab34");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(ConnectorConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConnectorConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConnectorConfig.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsBadDeclarations() {
        assertThatThrownBy(() -> OptionSpec.string("Host", "x")).hasMessageContaining("must be lower-case: Host");
        assertThatThrownBy(() -> ConnectorConfig.validate("pg", List.of(OptionSpec.string("a", "x"), OptionSpec.string("a", "y")), Map.of()))
                .hasMessageContaining("declares option twice: a");
    }
}
