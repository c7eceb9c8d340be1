package io.zhongtai.core.session;

import io.zhongtai.core.ZhongtaiException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A change to what a table is described as, kept in Iceberg table properties: {@code owner}, {@code comment} (the
 * description) and {@code zhongtai.tags} (comma-separated). A null field stays as it is; a blank owner or description
 * and an empty tag list remove the property. Tags are trimmed and de-duplicated in order.
 */
public record TableDescription(String owner, String description, List<String> tags) {
    public static final String OWNER_PROPERTY = "owner";
    public static final String DESCRIPTION_PROPERTY = "comment";
    public static final String TAGS_PROPERTY = "zhongtai.tags";
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]{1,40}");
    private static final int MAX_OWNER_CHARS = 200;
    private static final int MAX_DESCRIPTION_CHARS = 4000;

    public TableDescription {
        owner = owner == null ? null : owner.trim();
        if (owner != null && owner.length() > MAX_OWNER_CHARS) {
            throw ZhongtaiException.invalid("Invalid value for 'owner': %d characters, at most %d allowed", owner.length(), MAX_OWNER_CHARS);
        }
        description = description == null ? null : description.trim();
        if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
            throw ZhongtaiException.invalid("Invalid value for 'description': %d characters, at most %d allowed",
                    description.length(), MAX_DESCRIPTION_CHARS);
        }
        if (tags != null) {
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            for (String tag : tags) {
                String t = tag == null ? "" : tag.trim();
                if (!TAG.matcher(t).matches()) {
                    throw ZhongtaiException.invalid("Invalid tag '%s': expected 1 to 40 letters, digits, '_', '-', '.' or ':'", tag);
                }
                distinct.add(t);
            }
            tags = List.copyOf(distinct);
        }
    }

    /** The tags a {@link #TAGS_PROPERTY} value holds. */
    public static List<String> tags(String property) {
        return property == null || property.isEmpty() ? List.of() : List.of(property.split(","));
    }
}
