package io.zhongtai.cli.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.List;

/**
 * The demo's pipeline {@code shop_daily}, scheduled every night at 02:00 Shanghai time: a clean node that quarantines
 * customers with invalid emails and duplicate rows, then {@link DemoSql}'s statements as ods → dwd → dws → ads sql
 * nodes, with quality rules:
 * <ul>
 * <li>warn: {@code ods_customers_email} on the raw table catches the dataset's invalid emails (the run goes on);</li>
 * <li>block: {@code valid_email} on the cleaned contacts would catch any dirty email that got through: the node
 *     writes to a branch and publishes only if it passes;</li>
 * <li>block: unique order ids and positive quantities in dwd, a non-empty ads table.</li>
 * </ul>
 */
public final class DemoPipeline {
    public static final String NAME = "shop_daily";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private DemoPipeline() {
    }

    /** The spec as YAML. */
    public static String yaml() {
        ObjectNode spec = YAML.createObjectNode();
        spec.put("name", NAME);
        spec.put("description", "The demo shop: raw ods tables cleaned into dwd, aggregated into dws and ads every night");
        ObjectNode schedule = spec.putObject("schedule");
        schedule.put("cron", "0 2 * * *");
        schedule.put("timezone", "Asia/Shanghai");
        schedule.put("sla", "06:00");
        spec.putObject("defaults").put("retries", 1).put("retry_delay", "30s").put("timeout", "30m");
        ArrayNode nodes = spec.putArray("nodes");

        ObjectNode check = nodes.addObject().put("name", "check_raw_customers").put("kind", "quality").put("table", "ods.customers");
        check.putArray("rules").addObject().put("name", "ods_customers_email").put("type", "regex").put("column", "email")
                .put("pattern", "^\\s*" + DemoSql.EMAIL_REGEX + "\\s*$").put("severity", "warn");

        ObjectNode clean = nodes.addObject().put("name", "clean_contacts").put("kind", "clean")
                .put("input", "ods.customers").put("output", "dwd.customer_contacts");
        clean.putArray("depends_on").add("check_raw_customers");
        ArrayNode ops = clean.putArray("ops");
        ops.addObject().putArray("trim").add("customer_id").add("email").add("phone");
        ops.addObject().putObject("case").putArray("lower").add("email");
        ops.addObject().putObject("regex_validate").put("column", "email").put("pattern", DemoSql.EMAIL_REGEX);
        ops.addObject().putObject("regex_replace").put("column", "phone").put("pattern", "[^0-9]").put("replacement", "");
        ops.addObject().putObject("mask").put("column", "phone").put("method", "partial").put("keep_first", 3).put("keep_last", 2);
        ObjectNode dedupe = ops.addObject().putObject("dedupe");
        dedupe.putArray("key").add("customer_id");
        dedupe.put("latest_by", "signup_date");
        ArrayNode contactRules = clean.putArray("quality");
        contactRules.addObject().put("name", "valid_email").put("type", "regex").put("column", "email").put("pattern", DemoSql.EMAIL_REGEX);
        contactRules.addObject().put("type", "unique").putArray("columns").add("customer_id");

        for (String statement : DemoSql.statements()) {
            String target = DemoSql.targetTable(statement);
            ObjectNode node = nodes.addObject().put("name", target.replace('.', '_')).put("kind", "sql").put("output", target);
            node.put("sql", statement.substring(statement.indexOf(" AS\n") + 4).stripTrailing() + "\n");
            ArrayNode rules = qualityOf(target);
            if (rules != null) {
                node.set("quality", rules);
            }
        }
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the demo pipeline", e);
        }
    }

    private static ArrayNode qualityOf(String table) {
        ArrayNode rules = YAML.createArrayNode();
        switch (table) {
            case "dwd.orders" -> rules.addObject().put("type", "unique").set("columns", YAML.valueToTree(List.of("order_id")));
            case "dwd.order_items" -> rules.addObject().put("type", "range").put("column", "quantity").put("min", 1);
            case "ads.top_products_30d" -> rules.addObject().put("type", "row_count").put("min", 1);
            default -> {
                return null;
            }
        }
        return rules;
    }
}
