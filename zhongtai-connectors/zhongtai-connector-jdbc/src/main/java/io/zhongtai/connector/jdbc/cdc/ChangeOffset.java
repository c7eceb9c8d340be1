package io.zhongtai.connector.jdbc.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zhongtai.spi.connector.ConnectorException;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A position in a source's change log as the platform stores it: Debezium's source partition and offset map,
 * the epoch (start time in ms of the snapshot the position descends from: a later snapshot supersedes every
 * earlier position) and, while the snapshot runs, the number of snapshot rows emitted so far (Debezium gives every
 * snapshot row the same offset, but the platform needs offsets that grow with every batch).
 *
 * <p>Text form: {@code {"epoch":e,"offset":{...},"partition":{...},"snapshotRows":n}} with keys sorted.
 */
record ChangeOffset(long epoch, Map<String, Object> partition, Map<String, Object> offset, long snapshotRows) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    ChangeOffset {
        partition = Map.copyOf(requireNonNull(partition, "partition is null"));
        offset = Map.copyOf(requireNonNull(offset, "offset is null"));
    }

    /** Whether this is the offset of a snapshot row (the last one included). */
    boolean inSnapshot() {
        Object snapshot = offset.get("snapshot");
        return snapshot != null && !"false".equalsIgnoreCase(snapshot.toString());
    }

    /** Whether streaming can resume here: a streaming offset or the snapshot's last row. */
    boolean resumable() {
        return !inSnapshot() || Boolean.TRUE.equals(offset.get("snapshot_completed"))
                || Boolean.TRUE.equals(offset.get("last_snapshot_record"));
    }

    /**
     * Orders offsets: by epoch, then snapshot offsets (by snapshot row) before streaming offsets, which
     * {@code streamOrder} orders by log position.
     */
    static Comparator<ChangeOffset> order(Comparator<ChangeOffset> streamOrder) {
        return Comparator.comparingLong(ChangeOffset::epoch)
                .thenComparing(o -> !o.inSnapshot())
                .thenComparing((a, b) -> a.inSnapshot() ? Long.compare(a.snapshotRows, b.snapshotRows) : streamOrder.compare(a, b));
    }

    /** Orders the text form with {@code order}. */
    static Comparator<String> textOrder(Comparator<ChangeOffset> order) {
        return Comparator.comparing(ChangeOffset::parse, order);
    }

    long getLong(String key, long defaultValue) {
        Object value = offset.get(key);
        return value instanceof Number n ? n.longValue() : defaultValue;
    }

    String getString(String key) {
        Object value = offset.get(key);
        return value == null ? null : value.toString();
    }

    String json() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("epoch", epoch);
        map.put("partition", partition);
        map.put("offset", offset);
        map.put("snapshotRows", snapshotRows);
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write change offset " + offset, e);
        }
    }

    @SuppressWarnings("unchecked")
    static ChangeOffset parse(String text) {
        requireNonNull(text, "text is null");
        try {
            Map<String, Object> map = JSON.readValue(text, Map.class);
            Object partition = map.get("partition");
            Object offset = map.get("offset");
            if (!(partition instanceof Map) || !(offset instanceof Map)) {
                throw new ConnectorException(ConnectorException.Kind.INVALID_DATA,
                        "Cannot resume change data capture: offset has no partition or offset map: " + text);
            }
            Object epoch = map.get("epoch");
            Object rows = map.get("snapshotRows");
            return new ChangeOffset(epoch instanceof Number e ? e.longValue() : 0, (Map<String, Object>) partition,
                    (Map<String, Object>) offset, rows instanceof Number n ? n.longValue() : 0);
        } catch (JsonProcessingException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA,
                    "Cannot resume change data capture: offset is not valid JSON: " + text, e);
        }
    }

    @Override
    public String toString() {
        return json();
    }
}
