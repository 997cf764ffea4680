package org.ferry.sandbox.internal.dataverse;

import static org.ferry.sandbox.internal.data.FieldType.BIGINT;
import static org.ferry.sandbox.internal.data.FieldType.BOOLEAN;
import static org.ferry.sandbox.internal.data.FieldType.DATE;
import static org.ferry.sandbox.internal.data.FieldType.DATETIME;
import static org.ferry.sandbox.internal.data.FieldType.DECIMAL;
import static org.ferry.sandbox.internal.data.FieldType.GUID;
import static org.ferry.sandbox.internal.data.FieldType.INT;

import java.util.List;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.Lookup;

/**
 * The Dataverse tables of the Prospect-to-Cash flow (reference §4): entity set names, primary ids, lookups
 * and the columns the P2C mappings use. Lengths follow the Dataverse defaults (name 160, accountnumber 20, …).
 *
 * <p>As in a real org, alternate keys are rare: "most Dataverse tables won't have alternate keys unless they
 * have been customized". The Prospect-to-Cash solution makes {@code account.accountnumber} required and unique,
 * so that is the one alternate key; every other table is addressed by its primary key only, and clients find
 * records by other columns with {@code $filter}. Tests may add keys ({@link KeyDefinition}), never the demo.
 *
 * <p>Change tracking is enabled per table, as an admin enables it: on for the standard tables the
 * Prospect-to-Cash flow synchronizes, off for price lists and unit groups, which nothing asks to track.
 */
public final class DataverseModel {
    public static final String NAMESPACE = "Microsoft.Dynamics.CRM";
    /** Columns every table carries and the service maintains itself. */
    public static final List<String> SYSTEM_COLUMNS = List.of("createdon", "modifiedon", "versionnumber",
            "_owningbusinessunit_value");

    private DataverseModel() {
    }

    /**
     * An alternate key a customizer added to a table, for focused tests.
     *
     * @param table   the table's logical name
     * @param columns the key's columns
     * @param active  whether its index is built (Active) or still Pending
     */
    public record KeyDefinition(String table, List<String> columns, boolean active) {
        public KeyDefinition {
            columns = List.copyOf(columns);
        }
    }

    public static List<EntitySchema> schemas() {
        return schemas(List.of());
    }

    /**
     * Parses the sandbox option {@code alternate-keys}: {@code table=column+column[:pending]}, comma-separated.
     *
     * @throws IllegalArgumentException naming the entry that cannot be read
     */
    public static List<KeyDefinition> parseKeys(String spec) {
        List<KeyDefinition> keys = new java.util.ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return keys;
        }
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new IllegalArgumentException("alternate-keys: '" + e + "' is not table=column[+column][:pending]");
            }
            String columns = e.substring(eq + 1);
            boolean active = true;
            if (columns.toLowerCase(java.util.Locale.ROOT).endsWith(":pending")) {
                active = false;
                columns = columns.substring(0, columns.length() - ":pending".length());
            } else if (columns.toLowerCase(java.util.Locale.ROOT).endsWith(":active")) {
                columns = columns.substring(0, columns.length() - ":active".length());
            }
            keys.add(new KeyDefinition(e.substring(0, eq).trim(), List.of(columns.trim().split("\\s*\\+\\s*")), active));
        }
        return keys;
    }

    /** The tables, with these customized alternate keys added. */
    public static List<EntitySchema> schemas(List<KeyDefinition> customKeys) {
        List<EntitySchema.Builder> builders = List.of(account(), contact(), product(), priceLevel(), quote(),
                quoteDetail(), salesOrder(), salesOrderDetail(), invoice(), invoiceDetail(), businessUnit(), currency(),
                uom(), uomSchedule());
        for (KeyDefinition k : customKeys) {
            EntitySchema.Builder b = builders.stream().filter(x -> x.entityName().equals(k.table())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("alternate key on unknown table '" + k.table() + "'"));
            String[] columns = k.columns().toArray(String[]::new);
            if (k.active()) {
                b.alternateKey(columns);
            } else {
                b.pendingKey(columns);
            }
        }
        return builders.stream().map(EntitySchema.Builder::build).toList();
    }

    /** The primary id column of an entity, e.g. {@code accountid}. */
    public static String primaryId(EntitySchema s) {
        return s.key().get(0);
    }

    private static EntitySchema.Builder table(String logical, String set) {
        return new EntitySchema.Builder(logical, set)
                .field(new Field(logical + "id", GUID, 0, false, null))
                .key(logical + "id")
                .of("createdon", DATETIME)
                .of("modifiedon", DATETIME)
                .of("versionnumber", BIGINT)
                .modified("modifiedon")
                .lookup(Lookup.single("owningbusinessunit", "businessunits"));
    }

    private static EntitySchema.Builder address(EntitySchema.Builder b, String prefix) {
        return b.string(prefix + "_line1", 250).string(prefix + "_line2", 250).string(prefix + "_city", 80)
                .string(prefix + "_stateorprovince", 50).string(prefix + "_postalcode", 20)
                .string(prefix + "_country", 80);
    }

    private static Lookup customer() {
        return new Lookup("customerid", Map.of("customerid_account", "accounts", "customerid_contact", "contacts"));
    }

    static EntitySchema.Builder account() {
        EntitySchema.Builder b = table("account", "accounts")
                .string("name", 160).string("accountnumber", 20).string("telephone1", 50).string("fax", 50)
                .string("emailaddress1", 100).string("websiteurl", 200).string("description", 2000)
                .of("creditlimit", DECIMAL).of("revenue", DECIMAL).of("numberofemployees", INT)
                .of("customertypecode", INT).of("address1_addresstypecode", INT).of("statecode", INT);
        address(b, "address1");
        address(b, "address2");
        return b.lookup(Lookup.single("primarycontactid", "contacts"))
                .lookup(Lookup.single("parentaccountid", "accounts"))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"))
                .alternateKey("accountnumber");
    }

    static EntitySchema.Builder contact() {
        EntitySchema.Builder b = table("contact", "contacts")
                .string("firstname", 50).string("lastname", 50).string("fullname", 160).string("jobtitle", 100)
                .string("emailaddress1", 100).string("telephone1", 50).string("msdynce_contactnumber", 100)
                .of("msdynce_isactivecustomer", BOOLEAN).of("msdynce_iscompanyanaccount", BOOLEAN)
                .of("statecode", INT);
        address(b, "address1");
        return b.lookup(new Lookup("parentcustomerid",
                        Map.of("parentcustomerid_account", "accounts", "parentcustomerid_contact", "contacts")))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"));
    }

    static EntitySchema.Builder product() {
        return table("product", "products")
                .string("name", 100).string("productnumber", 100).string("description", 2000)
                .of("price", DECIMAL).of("currentcost", DECIMAL).of("standardcost", DECIMAL)
                .of("quantitydecimal", INT).of("isstockitem", BOOLEAN).of("producttypecode", INT)
                .of("msdynce_ismaintainedexternally", BOOLEAN).of("statecode", INT)
                .lookup(Lookup.single("defaultuomid", "uoms"))
                .lookup(Lookup.single("defaultuomscheduleid", "uomschedules"))
                .lookup(Lookup.single("pricelevelid", "pricelevels"))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"));
    }

    static EntitySchema.Builder priceLevel() {
        return table("pricelevel", "pricelevels")
                .string("name", 100).string("description", 2000).of("begindate", DATETIME).of("enddate", DATETIME)
                .of("statecode", INT)
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies")).untracked();
    }

    private static EntitySchema.Builder header(String logical, String set, String number) {
        EntitySchema.Builder b = table(logical, set)
                .string(number, 100).string("name", 300).string("description", 2000)
                .of("totalamount", DECIMAL).of("totaldiscountamount", DECIMAL).of("discountamount", DECIMAL)
                .of("statecode", INT).of("statuscode", INT).of("requestdeliveryby", DATE)
                .of("msdynce_hasexternallymaintainedproductsonly", BOOLEAN);
        address(b, "shipto");
        return b.lookup(customer())
                .lookup(Lookup.single("pricelevelid", "pricelevels"))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"));
    }

    private static EntitySchema.Builder line(String logical, String set, String parent, String parentSet) {
        return table(logical, set)
                .string(logical + "name", 500).string("description", 2000)
                .of("quantity", DECIMAL).of("priceperunit", DECIMAL).of("extendedamount", DECIMAL)
                .of("manualdiscountamount", DECIMAL).of("sequencenumber", INT).of("requestdeliveryby", DATE)
                .lookup(Lookup.single(parent, parentSet))
                .lookup(Lookup.single("productid", "products"))
                .lookup(Lookup.single("uomid", "uoms"))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"));
    }

    static EntitySchema.Builder quote() {
        return header("quote", "quotes", "quotenumber");
    }

    static EntitySchema.Builder quoteDetail() {
        return line("quotedetail", "quotedetails", "quoteid", "quotes");
    }

    static EntitySchema.Builder salesOrder() {
        return header("salesorder", "salesorders", "ordernumber").of("submitdate", DATETIME)
                .lookup(Lookup.single("quoteid", "quotes"));
    }

    static EntitySchema.Builder salesOrderDetail() {
        return line("salesorderdetail", "salesorderdetails", "salesorderid", "salesorders");
    }

    static EntitySchema.Builder invoice() {
        return header("invoice", "invoices", "invoicenumber").of("datedelivered", DATETIME)
                .lookup(Lookup.single("salesorderid", "salesorders"));
    }

    static EntitySchema.Builder invoiceDetail() {
        return line("invoicedetail", "invoicedetails", "invoiceid", "invoices");
    }

    static EntitySchema.Builder businessUnit() {
        return table("businessunit", "businessunits")
                .string("name", 160).string("divisionname", 100).string("description", 2000)
                .of("isdisabled", BOOLEAN)
                .lookup(Lookup.single("parentbusinessunitid", "businessunits"));
    }

    static EntitySchema.Builder currency() {
        return table("transactioncurrency", "transactioncurrencies")
                .string("isocurrencycode", 5).string("currencyname", 100).string("currencysymbol", 10)
                .of("exchangerate", DECIMAL).of("currencyprecision", INT);
    }

    static EntitySchema.Builder uom() {
        return table("uom", "uoms")
                .string("name", 100).of("quantity", DECIMAL).of("isschedulebaseuom", BOOLEAN)
                .lookup(Lookup.single("uomscheduleid", "uomschedules"));
    }

    static EntitySchema.Builder uomSchedule() {
        return table("uomschedule", "uomschedules")
                .string("name", 200).string("baseuomname", 100).string("description", 2000).untracked();
    }

    /** Whether a column is maintained by the service rather than written by clients. */
    public static boolean isSystemColumn(EntitySchema s, String column) {
        return SYSTEM_COLUMNS.contains(column) || column.equals(primaryId(s));
    }
}
