package io.zhongtai.core.metadata;

import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.testkit.TestingPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresMetadataStoreIT extends MetadataStoreTests {
    private static TestingPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = new TestingPostgres();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    protected ZhongtaiConfig.Metadata newDatabase() {
        return new ZhongtaiConfig.Metadata(postgres.createDatabase(), Optional.of(postgres.user()), Optional.empty(), 4);
    }

    @Override
    protected Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Test
    void passwordComesFromTheNamedEnvironmentVariable() {
        ZhongtaiConfig.Metadata withPassword = new ZhongtaiConfig.Metadata(
                config.url(), config.user(), Optional.of("ZT_METADATA_PASSWORD"), 2);

        // The embedded server trusts local connections, so any password gets in; what matters is that it is passed.
        try (MetadataStore opened = MetadataStore.open(withPassword, Map.of("ZT_METADATA_PASSWORD", "s3cret"))) {
            assertThat(opened.jdbcProperties()).containsEntry("user", "postgres").containsEntry("password", "s3cret");
        }
        assertThatThrownBy(() -> MetadataStore.open(withPassword, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot open metadata store, environment variable ZT_METADATA_PASSWORD (metadata.password-env) is not set");
    }
}
