package io.zhongtai.server.sql;

import io.swagger.v3.oas.annotations.media.Schema;
import io.zhongtai.core.sql.SqlResult;

import java.util.List;

/** One page of a statement's result. */
@Schema(description = "One page of a statement's result; fetch the next page from /api/v1/sql/cursors/{cursor} while hasMore")
public record SqlResponse(
        List<SqlResult.Column> columns,
        @Schema(description = "Rows as arrays in column order: numbers, strings, booleans, ISO-8601 date/time strings, "
                + "base64 for BLOB, arrays for LIST, objects for MAP and STRUCT")
        List<List<Object>> rows,
        @Schema(description = "Rows in this page") int rowCount,
        boolean hasMore,
        @Schema(description = "Id of the open cursor when hasMore, else null", nullable = true) String cursor,
        @Schema(description = "Rows changed by DML and DDL; null for queries", nullable = true) Long updateCount,
        String summary,
        long elapsedMs) {
}
