package io.zhongtai.core.integration;

import java.time.Instant;
import java.util.Map;

/** A registered source as shown to users: secret options appear only as {@code ******}. */
public record SourceInfo(String name, String type, String description, Map<String, String> options,
                         Instant createdAt, String createdBy, Instant updatedAt) {
}
