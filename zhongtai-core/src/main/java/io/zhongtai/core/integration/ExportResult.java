package io.zhongtai.core.integration;

import java.time.Duration;

/** What an export wrote. */
public record ExportResult(String source, String target, String mode, long rows, Duration duration) {
}
