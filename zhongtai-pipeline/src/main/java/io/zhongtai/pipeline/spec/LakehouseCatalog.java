package io.zhongtai.pipeline.spec;

import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The lakehouse's tables and their columns (with their SQL types) as validation sees them. */
public final class LakehouseCatalog implements SpecValidator.Catalog {
    private final Lakehouse lakehouse;

    public LakehouseCatalog(Lakehouse lakehouse) {
        this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
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
