package io.zhongtai.pipeline.clean;

import io.zhongtai.spi.data.Column;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A clean node as two SELECTs over the same input: {@code cleanSelect} yields the cleaned rows with
 * {@code outputColumns}; {@code rejectsSelect} yields every other input row as {@code reason VARCHAR},
 * {@code original VARCHAR} (the input row as JSON) and {@code rejected_at TIMESTAMP WITH TIME ZONE}.
 */
public record CompiledClean(String cleanSelect, String rejectsSelect, List<Column> outputColumns) {
    public CompiledClean {
        requireNonNull(cleanSelect, "cleanSelect is null");
        requireNonNull(rejectsSelect, "rejectsSelect is null");
        outputColumns = List.copyOf(requireNonNull(outputColumns, "outputColumns is null"));
    }
}
