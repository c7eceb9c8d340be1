package io.zhongtai.backup;

import io.zhongtai.core.ZhongtaiException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups prune keeps, as restic and borg count them: the newest {@code keepLast}; and for each of the last
 * {@code keepDaily} days (weeks, months) that have a backup, the newest backup of that day (week, month). A backup
 * kept by any rule stays. Days, weeks and months are those of {@code zone}.
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {
    public RetentionPolicy {
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw ZhongtaiException.invalid("Cannot prune: --keep-* counts must not be negative");
        }
    }

    public boolean keepsNothing() {
        return keepLast + keepDaily + keepWeekly + keepMonthly == 0;
    }

    /** A backup as retention sees it. */
    public record Dated(String id, Instant createdAt) {
    }

    /** The ids to keep, each with the rules that keep it (e.g. "last", "daily"). */
    public Map<String, List<String>> keep(List<Dated> backups, ZoneId zone) {
        List<Dated> newestFirst = backups.stream().sorted(Comparator.comparing(Dated::createdAt).reversed()).toList();
        Map<String, List<String>> kept = new LinkedHashMap<>();
        keepByBucket(newestFirst, keepLast, Dated::id, "last", kept);
        keepByBucket(newestFirst, keepDaily, b -> date(b, zone).toString(), "daily", kept);
        keepByBucket(newestFirst, keepWeekly, b -> {
            LocalDate d = date(b, zone);
            return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, "weekly", kept);
        keepByBucket(newestFirst, keepMonthly, b -> date(b, zone).with(TemporalAdjusters.firstDayOfMonth()).toString(), "monthly", kept);
        return kept;
    }

    private static void keepByBucket(List<Dated> newestFirst, int count, Function<Dated, String> bucket, String rule,
                                     Map<String, List<String>> kept) {
        Set<String> seen = new HashSet<>();
        for (Dated backup : newestFirst) {
            if (seen.size() == count) {
                return;
            }
            if (seen.add(bucket.apply(backup))) {
                kept.computeIfAbsent(backup.id(), id -> new ArrayList<>()).add(rule);
            }
        }
    }

    private static LocalDate date(Dated backup, ZoneId zone) {
        return backup.createdAt().atZone(zone).toLocalDate();
    }
}
