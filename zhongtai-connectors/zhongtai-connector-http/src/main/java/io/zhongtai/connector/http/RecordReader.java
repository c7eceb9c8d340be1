package io.zhongtai.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Pages of records as {@link ColumnBatch}es of up to {@code batchRows} rows with the table's columns. Fields the
 * table does not have (new since describe) are left out and logged once per read.
 */
final class RecordReader implements BatchReader {
    private static final Logger LOG = LoggerFactory.getLogger(RecordReader.class);

    private final Iterator<Pages.Page> pages;
    private final String url;
    private final List<Column> columns;
    private final Set<String> columnNames;
    private final int batchRows;
    private final Set<String> unknownFields = new LinkedHashSet<>();
    private Pages.Page page;
    private int nextRecord;

    RecordReader(Pages pages, TableSchema schema, int batchRows) {
        this.pages = requireNonNull(pages, "pages is null").iterator();
        this.url = pages.url();
        this.columns = requireNonNull(schema, "schema is null").columns();
        this.columnNames = Set.copyOf(schema.columnNames());
        this.batchRows = batchRows;
    }

    @Override
    public Batch next() {
        ColumnBatch.Builder batch = ColumnBatch.builder(columns, batchRows);
        while (!batch.isFull()) {
            if (page == null || nextRecord >= page.records().size()) {
                if (!pages.hasNext()) {
                    break;
                }
                page = pages.next();
                nextRecord = 0;
                continue;
            }
            int index = nextRecord++;
            add(batch, page.records().get(index), "record " + (index + 1) + " of page " + page.number() + " of " + url);
        }
        if (batch.rowCount() == 0) {
            logUnknownFields();
            return null;
        }
        return batch.build();
    }

    private void add(ColumnBatch.Builder batch, JsonNode record, String where) {
        if (record.isObject()) {
            for (int c = 0; c < columns.size(); c++) {
                batch.set(c, RecordSchema.value(record.get(columns.get(c).name()), columns.get(c), where));
            }
            record.fieldNames().forEachRemaining(name -> {
                if (!columnNames.contains(name)) {
                    unknownFields.add(name);
                }
            });
        } else {
            for (int c = 0; c < columns.size(); c++) {
                boolean isValue = columns.get(c).name().equals(RecordSchema.VALUE_COLUMN);
                batch.set(c, isValue ? RecordSchema.value(record, columns.get(c), where) : null);
            }
        }
        batch.endRow();
    }

    private void logUnknownFields() {
        if (!unknownFields.isEmpty()) {
            LOG.warn("Records of {} have fields the table does not (yet) have, not read: {}; they are added when a later "
                    + "describe sees them (raise sample-pages) or when declared in columns", url, String.join(", ", unknownFields));
            unknownFields.clear();
        }
    }

    @Override
    public void close() {
        logUnknownFields();
    }
}
