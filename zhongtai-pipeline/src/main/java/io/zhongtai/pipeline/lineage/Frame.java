package io.zhongtai.pipeline.lineage;

import java.util.ArrayList;
import java.util.List;

/**
 * What the FROM clause of one SELECT makes visible: its relations, for qualified references and {@code t.*}, and the
 * columns that {@code *} and unqualified names see, where the columns a JOIN USING (or NATURAL JOIN) matches appear
 * once.
 */
record Frame(List<Relation> relations, List<Entry> columns) {
    static final Frame EMPTY = new Frame(List.of(), List.of());

    /** A column visible in the frame and the relations it comes from (two or more for a USING column). */
    record Entry(Column column, List<Relation> from) {
        Entry {
            from = List.copyOf(from);
        }
    }

    Frame {
        relations = List.copyOf(relations);
        columns = List.copyOf(columns);
    }

    static Frame of(Relation relation) {
        List<Entry> columns = new ArrayList<>();
        for (Column column : relation.columns()) {
            columns.add(new Entry(column, List.of(relation)));
        }
        return new Frame(List.of(relation), columns);
    }

    /** The visible columns named {@code name} (any case). */
    List<Entry> matching(String name) {
        return columns.stream().filter(e -> e.column().isNamed(name)).toList();
    }

    /**
     * This frame joined with {@code right}: each {@code using} column (present exactly once on each side) becomes one
     * column at its place on the left, computed from both sides; the right side's other columns follow.
     */
    Frame join(Frame right, List<String> using) {
        List<Entry> joined = new ArrayList<>();
        for (Entry left : columns) {
            String name = left.column().name();
            if (using.stream().anyMatch(name::equalsIgnoreCase)) {
                Entry other = right.matching(name).get(0);
                List<Relation> from = new ArrayList<>(left.from());
                from.addAll(other.from());
                joined.add(new Entry(Column.combining(name, List.of(left.column(), other.column())), from));
            } else {
                joined.add(left);
            }
        }
        for (Entry entry : right.columns) {
            if (using.stream().noneMatch(entry.column().name()::equalsIgnoreCase)) {
                joined.add(entry);
            }
        }
        List<Relation> relations = new ArrayList<>(this.relations);
        relations.addAll(right.relations);
        return new Frame(relations, joined);
    }
}
