package io.zhongtai.pipeline.spec;

import java.util.List;

/** Where failures and SLA misses of a pipeline are reported: webhook URLs (JSON POST) and email addresses. */
public record AlertSpec(List<String> webhooks, List<String> emails) {
    public static final AlertSpec NONE = new AlertSpec(List.of(), List.of());

    public AlertSpec {
        webhooks = List.copyOf(webhooks);
        emails = List.copyOf(emails);
    }

    public boolean isEmpty() {
        return webhooks.isEmpty() && emails.isEmpty();
    }
}
