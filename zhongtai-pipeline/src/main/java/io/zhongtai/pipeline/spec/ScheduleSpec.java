package io.zhongtai.pipeline.spec;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When a pipeline runs by itself.
 *
 * @param cron          a Unix cron expression (5 fields), evaluated in {@code timezone}
 * @param catchUp       which missed runs to make up after the scheduler was down
 * @param maxActiveRuns how many runs of the pipeline may be running at once
 * @param bizdateOffsetDays the business date of a scheduled run relative to the day it is scheduled
 *                      (-1 by default: the 02:00 run on the 2nd processes the 1st)
 * @param sla           the time of day (in {@code timezone}) a run must have finished by, or null
 */
public record ScheduleSpec(String cron, ZoneId timezone, CatchUp catchUp, int maxActiveRuns, int bizdateOffsetDays, LocalTime sla) {
    public enum CatchUp {
        /** Skip what was missed; run at the next tick. */
        NONE,
        /** Run the most recent missed tick only. */
        LATEST,
        /** Run every missed tick, oldest first. */
        ALL
    }
}
