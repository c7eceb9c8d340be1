package io.zhongtai.spi.connector;

import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorRegistryTest {
    private record Named(String name) implements ConnectorFactory {
        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Connector create(ConnectorConfig config, ConnectorContext context) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void findsByNameAndListsKnownNamesOnAMiss() {
        ConnectorRegistry registry = ConnectorRegistry.of(new Named("postgres"), new Named("kafka"));
        assertThat(registry.get("kafka").name()).isEqualTo("kafka");
        assertThatThrownBy(() -> registry.get("oracle")).hasMessage("Unknown connector type 'oracle'; known types: kafka, postgres");
    }

    @Test
    void failsLoudlyOnDuplicatesAndBadNames() {
        assertThatThrownBy(() -> ConnectorRegistry.of(new Named("pg"), new Named("pg"))).hasMessageContaining("Two connectors are named 'pg'");
        assertThatThrownBy(() -> ConnectorRegistry.of(new Named("Pg"))).hasMessageContaining("must be lower-case");
    }
}
