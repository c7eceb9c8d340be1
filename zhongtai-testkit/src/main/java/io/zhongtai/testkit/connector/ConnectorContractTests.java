package io.zhongtai.testkit.connector;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.ConnectorRegistry;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every connector promises, run against a real server the subclass starts. Subclasses supply
 * the factory, options that reach the server, and a seeded sample table; tests of capabilities a connector
 * does not declare are skipped (not passed), and hooks returning null skip the matching error-path test.
 */
public abstract class ConnectorContractTests {
    @TempDir
    protected Path workDir;

    protected abstract ConnectorFactory factory();

    /** Options that reach the test server. */
    protected abstract Map<String, String> validOptions();

    /** A table (topic, file set...) seeded with {@link #sampleRows()} rows, or null for write/stream-only connectors. */
    protected abstract TableId sampleTable();

    protected abstract long sampleRows();

    /** Options pointing at a closed port or unknown host; null when the connector has no remote endpoint. */
    protected Map<String, String> unreachableOptions() {
        return null;
    }

    /** Options with a wrong password or token; null when the source has no credentials. */
    protected Map<String, String> wrongCredentialOptions() {
        return null;
    }

    /** For {@link Capability#INCREMENTAL}: a column of the sample table to use as cursor. */
    protected String cursorColumn() {
        return null;
    }

    /** For {@link Capability#WRITE}: a fresh target that does not exist yet. */
    protected TableId writeTarget() {
        return new TableId("", "zt_contract_" + System.nanoTime());
    }

    protected Connector connect(Map<String, String> options) {
        return TestingConnectors.create(factory(), options, "contract", workDir);
    }

    private void assumeCapability(Connector connector, Capability capability) {
        Assumptions.assumeTrue(connector.capabilities().contains(capability), () -> factory().name() + " lacks " + capability);
    }

    @Test
    void factoryIsDiscoverableAndDeclaresDocumentedOptions() {
        ConnectorFactory factory = factory();
        assertThat(factory.name()).matches("[a-z][a-z0-9_-]*");
        assertThat(factory.description()).isNotBlank();
        ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader());
        assertThat(registry.get(factory.name()).getClass()).isEqualTo(factory.getClass());
        assertThat(factory.options()).allSatisfy(o -> assertThat(o.doc()).as("doc of " + o.name()).isNotBlank());
    }

    @Test
    void validationReportsEveryProblemAtOnce() {
        ConnectorFactory factory = factory();
        Map<String, String> bad = new HashMap<>();
        bad.put("no-such-option", "x");
        bad.put("another-unknown", "y");
        List<OptionSpec> typed = factory.options().stream()
                .filter(o -> o.type() != io.zhongtai.spi.options.OptionType.STRING && o.type() != io.zhongtai.spi.options.OptionType.LIST)
                .toList();
        typed.forEach(o -> bad.put(o.name(), "not-a-valid-value"));
        assertThatThrownBy(() -> ConnectorConfig.validate(factory.name(), factory.options(), bad))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> {
                    long required = factory.options().stream().filter(OptionSpec::required).count();
                    assertThat(e.problems()).hasSizeGreaterThanOrEqualTo((int) (2 + typed.size() + required));
                    assertThat(e.getMessage()).contains("no-such-option", "another-unknown");
                });
    }

    @Test
    void secretsAreMaskedInEveryRendering() {
        ConnectorFactory factory = factory();
        Map<String, String> options = new HashMap<>(validOptions());
        ConnectorConfig config = ConnectorConfig.validate(factory.name(), factory.options(), options);
        for (OptionSpec spec : factory.options()) {
            String value = options.get(spec.name());
            if (spec.secret() && value != null && !value.isEmpty()) {
                assertThat(config.toString()).doesNotContain(value);
                assertThat(config.masked().get(spec.name())).isEqualTo(ConnectorConfig.MASK);
            }
        }
    }

    @Test
    void connectionTestSucceeds() {
        try (Connector connector = connect(validOptions())) {
            connector.testConnection(Duration.ofSeconds(20));
        }
    }

    @Test
    void unreachableSourceFailsWithinTimeout() {
        Map<String, String> options = unreachableOptions();
        Assumptions.assumeTrue(options != null, "no remote endpoint");
        long start = System.nanoTime();
        try (Connector connector = connect(options)) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(3)))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNREACHABLE));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void wrongCredentialsAreReportedAsSuch() {
        Map<String, String> options = wrongCredentialOptions();
        Assumptions.assumeTrue(options != null, "no credentials");
        try (Connector connector = connect(options)) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION));
        }
    }

    @Test
    void browseListsAndDescribesTheSampleTable() {
        try (Connector connector = connect(validOptions())) {
            assumeCapability(connector, Capability.BROWSE);
            TableId sample = sampleTable();
            assertThat(connector.listNamespaces()).contains(sample.namespace());
            assertThat(connector.listTables(sample.namespace())).contains(sample);
            TableSchema schema = connector.describe(sample);
            assertThat(schema.table()).isEqualTo(sample);
            assertThat(schema.columns()).isNotEmpty();
        }
    }

    @Test
    void describingAMissingTableIsNotFound() {
        try (Connector connector = connect(validOptions())) {
            assumeCapability(connector, Capability.BROWSE);
            TableId missing = new TableId(sampleTable().namespace(), "zt_no_such_table_" + System.nanoTime());
            assertThatThrownBy(() -> connector.describe(missing))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining(missing.name());
        }
    }

    @Test
    void splitsTogetherReadEveryRowOnce() {
        try (Connector connector = connect(validOptions())) {
            assumeCapability(connector, Capability.BATCH_READ);
            TableSchema schema = connector.describe(sampleTable());
            List<Split> splits = connector.planSplits(schema, ReadSpec.all(), 4);
            assertThat(splits).isNotEmpty().hasSizeLessThanOrEqualTo(4);
            if (connector.capabilities().contains(Capability.PARALLEL_SPLITS)) {
                assertThat(splits).as("a seeded table of %d rows is split", sampleRows()).hasSizeGreaterThan(1);
            }
            List<List<Object>> rows = new ArrayList<>();
            for (Split split : splits) {
                rows.addAll(readAll(connector, schema, split, ReadSpec.all()));
            }
            assertThat(rows).hasSize((int) sampleRows());
            if (!schema.primaryKey().isEmpty()) {
                int key = schema.indexOf(schema.primaryKey().get(0));
                Set<Object> keys = new HashSet<>();
                rows.forEach(r -> keys.add(String.valueOf(r.get(key))));
                assertThat(keys).as("distinct keys").hasSize((int) sampleRows());
            }
        }
    }

    @Test
    void cursorRangeReadsOnlyNewerRows() {
        try (Connector connector = connect(validOptions())) {
            assumeCapability(connector, Capability.INCREMENTAL);
            String column = cursorColumn();
            assertThat(column).as("cursorColumn() for an INCREMENTAL connector").isNotNull();
            TableSchema schema = connector.describe(sampleTable());
            Optional<String> max = connector.maxCursorValue(schema, column);
            assertThat(max).isPresent();
            ReadSpec upToMax = ReadSpec.all().withCursor(new ReadSpec.CursorRange(column, null, max.get()));
            assertThat(readAllSplits(connector, schema, upToMax)).hasSize((int) sampleRows());
            ReadSpec afterMax = ReadSpec.all().withCursor(new ReadSpec.CursorRange(column, max.get(), null));
            assertThat(readAllSplits(connector, schema, afterMax)).isEmpty();
        }
    }

    @Test
    void writtenRowsAreVisibleOnlyAfterCommit() {
        try (Connector connector = connect(validOptions())) {
            assumeCapability(connector, Capability.WRITE);
            assumeCapability(connector, Capability.BATCH_READ);
            Assumptions.assumeTrue(connector.writeFormat(writeTarget()).isEmpty(), "writer takes files");
            TableSchema source = connector.describe(sampleTable());
            ColumnBatch.Builder builder = ColumnBatch.builder(source.columns(), (int) sampleRows());
            List<List<Object>> expected = readAllSplits(connector, source, ReadSpec.all());
            for (List<Object> row : expected) {
                for (int c = 0; c < row.size(); c++) {
                    builder.set(c, row.get(c));
                }
                builder.endRow();
            }
            TableId target = writeTarget();
            try (BatchWriter abandoned = connector.openWriter(target, source.columns(), WriteMode.APPEND, List.of())) {
                abandoned.write(builder.build());
            }
            try (BatchWriter writer = connector.openWriter(target, source.columns(), WriteMode.APPEND, List.of())) {
                writer.write(builder.build());
                assertThat(writer.commit()).isEqualTo(sampleRows());
            }
            TableSchema written = connector.describe(target);
            assertThat(readAllSplits(connector, written, ReadSpec.all())).hasSize((int) sampleRows());
        }
    }

    protected List<List<Object>> readAllSplits(Connector connector, TableSchema schema, ReadSpec spec) {
        List<List<Object>> rows = new ArrayList<>();
        for (Split split : connector.planSplits(schema, spec, 4)) {
            rows.addAll(readAll(connector, schema, split, spec));
        }
        return rows;
    }

    protected List<List<Object>> readAll(Connector connector, TableSchema schema, Split split, ReadSpec spec) {
        List<List<Object>> rows = new ArrayList<>();
        try (BatchReader reader = connector.openReader(schema, split, spec)) {
            for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
                rows.addAll(BatchRows.rows(batch));
            }
        }
        return rows;
    }
}
