package io.zhongtai.pipeline.quality;

import java.util.List;

/** Runs a SELECT and returns its rows; the platform runs it through a user's SQL session. */
public interface SqlExecutor {
    List<List<Object>> rows(String select);
}
