package io.zhongtai.pipeline.quality;

import io.zhongtai.core.lakehouse.TableName;

import java.util.OptionalDouble;

/** Row counts recorded by earlier runs, the baseline of {@link QualityRule.RowCountChange}. */
public interface RowCountHistory {
    /** The average row count of {@code table} over the last {@code days} days, or empty when none was recorded. */
    OptionalDouble averageOverDays(TableName table, int days);
}
