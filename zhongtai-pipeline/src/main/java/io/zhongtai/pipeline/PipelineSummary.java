package io.zhongtai.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A pipeline as lists show it (CLI, REST, console).
 *
 * @param schedule    the cron expression and time zone, or null without a schedule
 * @param lastRunState the state of the newest run, or null when it never ran
 */
public record PipelineSummary(String name, String description, int version, boolean paused, String schedule, int nodes,
                              List<String> dependsOn, String lastRunState, LocalDate lastRunBizdate, Instant updatedAt) {
}
