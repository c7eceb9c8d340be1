package io.zhongtai.connector.file;

import java.util.Map;

/** The contract again with file-columns on: incremental reads by modification time, every file rewritten. */
class LocalFileIncrementalContractIT extends LocalFileContractIT {
    @Override
    protected Map<String, String> validOptions() {
        return Map.of("path", data.toString(), "file-columns", "true");
    }

    @Override
    protected String cursorColumn() {
        return FileMetadata.MODIFIED;
    }
}
