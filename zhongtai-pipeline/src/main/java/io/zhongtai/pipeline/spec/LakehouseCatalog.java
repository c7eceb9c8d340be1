package io.zhongtai.pipeline.spec;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.session.Session;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The lakehouse's tables and their columns (with their SQL types) as validation sees them, and, given the
 * integration service, the columns of registered sources' tables (for tables a sync has not created yet).
 */
public final class LakehouseCatalog implements SpecValidator.Catalog {
    private final Lakehouse lakehouse;
    private final IntegrationService integration;
    private final Session session;

    /** The lakehouse only: sources are not asked. */
    public LakehouseCatalog(Lakehouse lakehouse) {
        this(lakehouse, null, null);
    }

    public LakehouseCatalog(Lakehouse lakehouse, IntegrationService integration, Session session) {
        this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
        this.integration = integration;
        this.session = session;
    }

    /** Asks the source; a source that cannot answer now (unreachable, unknown) leaves the columns unknown. */
    @Override
    public Optional<List<Column>> sourceColumns(String source, String table) {
        if (integration == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(integration.describe(session, source, table).columns());
        } catch (ZhongtaiException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<List<Column>> columns(TableName table) {
        if (!lakehouse.tableExists(table)) {
            return Optional.empty();
        }
        return Optional.of(lakehouse.table(table).schema().columns().stream()
                .map(f -> Column.of(f.name(), DataType.parse(TypeMapping.toDuck(f.type(), false))))
                .toList());
    }
}
