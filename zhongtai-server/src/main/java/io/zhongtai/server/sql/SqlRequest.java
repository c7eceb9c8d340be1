package io.zhongtai.server.sql;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/v1/sql}. */
@Schema(description = "One SQL statement to run")
public record SqlRequest(
        @Schema(description = "One SQL statement", requiredMode = Schema.RequiredMode.REQUIRED, example = "SELECT * FROM ods.orders")
        String sql,
        @Schema(description = "Namespace for unqualified table names", defaultValue = "ods")
        String namespace,
        @Schema(description = "Rows in the first page (ignored for application/x-ndjson)", defaultValue = "1000", minimum = "1", maximum = "100000")
        Integer maxRows,
        @Schema(description = "Client-chosen id (1 to 64 letters, digits, '_' or '-') under which DELETE /api/v1/sql/queries/{queryId} "
                + "cancels the statement while it runs; the cancelled request answers 409")
        String queryId) {
}
