package io.zhongtai.connector.json;

import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Turns messages with JSON object values into the rows of stream batches: the source's metadata columns first (key,
 * headers, offsets...), then one column per value field. Messages that are not JSON objects, or whose fields do not
 * fit their column's type, become dead letters with the reason and the raw payload. When the columns are inferred,
 * fields seen for the first time add columns, typed from that message and the ones queued after it; a batch never
 * mixes column sets, so rows with the old columns end the batch before that message.
 *
 * @param <M> the source's message type
 */
public final class JsonMessageBatch<M> {
    /** Messages after a new field's first one that are looked at to type it. */
    private static final int LOOKAHEAD = 1000;

    /** Writes a message's metadata columns (the first ones) into the current row. */
    public interface MetadataWriter<M> {
        void write(M message, ColumnBatch.Builder row);
    }

    /** The rows and dead letters of one batch. */
    public record Decoded(ColumnBatch rows, List<StreamBatch.DeadLetter> deadLetters) {
    }

    private final List<Column> metadataColumns;
    private final MetadataWriter<M> metadata;
    private final Function<M, byte[]> payload;
    private final Function<M, String> origin;
    private final boolean growColumns;
    private final Set<String> reserved = new HashSet<>();
    private List<Column> columns;
    private JsonValueDecoder decoder;

    /**
     * @param payload      a message's value (null for none)
     * @param origin       where a message came from, for dead letters (e.g. {@code topic/partition@offset})
     * @param valueColumns the declared or inferred value columns; fields named like a metadata column are ignored
     * @param growColumns  whether fields that are no column yet add columns (inferred schemas) or are ignored
     */
    public JsonMessageBatch(List<Column> metadataColumns, MetadataWriter<M> metadata, Function<M, byte[]> payload,
                            Function<M, String> origin, List<Column> valueColumns, boolean growColumns) {
        this.metadataColumns = List.copyOf(metadataColumns);
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.payload = requireNonNull(payload, "payload is null");
        this.origin = requireNonNull(origin, "origin is null");
        this.growColumns = growColumns;
        metadataColumns.forEach(c -> reserved.add(c.name()));
        setValueColumns(valueColumns.stream().filter(c -> !reserved.contains(c.name())).toList());
    }

    private void setValueColumns(List<Column> valueColumns) {
        List<Column> all = new ArrayList<>(metadataColumns);
        all.addAll(valueColumns);
        columns = List.copyOf(all);
        decoder = new JsonValueDecoder(valueColumns, metadataColumns.size(), reserved, growColumns);
    }

    /** Metadata and value columns, as the next batch will have them. */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Takes up to {@code limit} messages from the head of {@code pending} into one batch, calling {@code taken} for
     * each in order; the messages left in {@code pending} belong to later batches.
     */
    public Decoded decode(Deque<M> pending, int limit, Consumer<M> taken) {
        int capacity = Math.max(1, Math.min(limit, pending.size()));
        ColumnBatch.Builder rows = ColumnBatch.builder(columns, capacity);
        int width = columns.size();
        List<StreamBatch.DeadLetter> deadLetters = new ArrayList<>();
        int count = 0;
        while (count < limit && !pending.isEmpty()) {
            M message = pending.peek();
            byte[] value = payload.apply(message);
            String problem = decoder.decode(value, rows);
            if (problem == null && decoder.newFields().isEmpty()) {
                metadata.write(message, rows);
                rows.endRow();
            } else {
                for (int c = 0; c < width; c++) {
                    rows.setNull(c);
                }
                if (problem == null) {
                    grow(decoder.newFields(), pending);
                    if (rows.rowCount() > 0) {
                        break;
                    }
                    rows = ColumnBatch.builder(columns, capacity);
                    width = columns.size();
                    continue;
                }
                deadLetters.add(new StreamBatch.DeadLetter(origin.apply(message), problem,
                        value == null ? null : new String(value, StandardCharsets.UTF_8)));
            }
            pending.poll();
            taken.accept(message);
            count++;
        }
        return new Decoded(rows.build(), deadLetters);
    }

    /** Adds the new fields, typed from the queued messages too, and any other new field those messages have. */
    private void grow(List<Column> fresh, Deque<M> pending) {
        List<Column> values = new ArrayList<>(columns.subList(metadataColumns.size(), columns.size()));
        Set<String> known = new HashSet<>(reserved);
        values.forEach(c -> known.add(c.name()));
        Map<String, DataType> added = new LinkedHashMap<>();
        fresh.forEach(c -> added.put(c.name(), c.type()));
        Iterable<byte[]> upcoming = () -> pending.stream().limit(LOOKAHEAD).map(payload).iterator();
        for (Column c : JsonColumns.infer(upcoming, known)) {
            added.merge(c.name(), c.type(), JsonColumns::merge);
        }
        added.forEach((name, type) -> values.add(Column.of(name, type)));
        setValueColumns(values);
    }
}
