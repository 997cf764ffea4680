package org.ferry.templates.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;

/**
 * The integration keys the Prospect-to-Cash templates rely on. A real Sales org has one alternate key, the
 * account number the P2C solution makes unique; every other Sales table the templates write, or refer to, is
 * identified by a field the admin names in the connection set ("If not, you will need to identify the business key
 * in the related table as part of the connection set"). The hub and F&amp;O key their entities themselves.
 */
final class IntegrationKeys {
    /** Per Sales table, the fields that identify its records across systems. */
    static final Map<String, List<String>> SALES = sales();

    private IntegrationKeys() {
    }

    private static Map<String, List<String>> sales() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("account", List.of("accountnumber"));
        keys.put("contact", List.of("msdynce_contactnumber"));
        keys.put("product", List.of("productnumber"));
        keys.put("transactioncurrency", List.of("isocurrencycode"));
        keys.put("uom", List.of("name"));
        keys.put("pricelevel", List.of("name"));
        keys.put("quote", List.of("quotenumber"));
        keys.put("quotedetail", List.of("quoteid", "sequencenumber"));
        keys.put("salesorder", List.of("ordernumber"));
        keys.put("salesorderdetail", List.of("salesorderid", "sequencenumber"));
        keys.put("invoice", List.of("invoicenumber"));
        keys.put("invoicedetail", List.of("invoiceid", "sequencenumber"));
        return Map.copyOf(keys);
    }

    /**
     * @return the template proposing the Sales integration keys of the tables its legs touch and of the tables
     *         those refer to (currencies, units, price lists, customers, headers of lines)
     */
    static ProjectTemplate proposedFor(ProjectTemplate t) {
        Map<String, List<String>> sales = new LinkedHashMap<>();
        for (TaskTemplate task : t.tasks()) {
            for (LegTemplate leg : task.legs()) {
                if (leg.sourceRole().equals(Roles.SALES) || leg.targetRole().equals(Roles.SALES)) {
                    String entity = leg.sourceRole().equals(Roles.SALES) ? leg.sourceEntity() : leg.targetEntity();
                    for (String related : related(entity)) {
                        if (SALES.containsKey(related)) {
                            sales.put(related, SALES.get(related));
                        }
                    }
                }
            }
        }
        return sales.isEmpty() ? t : new ProjectTemplate(t.id(), t.name(), t.description(), t.roles(), t.tasks(),
                t.prerequisites(), Map.of(Roles.SALES, sales));
    }

    /** The table and the tables its P2C mappings refer to. */
    private static List<String> related(String table) {
        return switch (table) {
            case "account", "contact" -> List.of(table, "account", "contact", "transactioncurrency");
            case "product" -> List.of("product", "transactioncurrency", "uom", "pricelevel");
            // an order may name its quote, an invoice its order
            case "quote", "salesorder", "invoice" -> List.of(table, "account", "contact", "transactioncurrency",
                    "pricelevel", "quote", "salesorder");
            case "quotedetail", "salesorderdetail", "invoicedetail" -> List.of(table, header(table), "product", "uom",
                    "transactioncurrency");
            default -> List.of(table);
        };
    }

    private static String header(String line) {
        return line.substring(0, line.length() - "detail".length());
    }
}
