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
 * The Dataverse tables of the Prospect-to-Cash flow (reference §4): entity set names, primary ids,
 * the P2C business keys as alternate keys, lookups and the columns the P2C mappings use. Lengths
 * follow the Dataverse defaults (name 160, accountnumber 20, …).
 */
public final class DataverseModel {
    public static final String NAMESPACE = "Microsoft.Dynamics.CRM";
    /** Columns every table carries and the service maintains itself. */
    public static final List<String> SYSTEM_COLUMNS = List.of("createdon", "modifiedon", "versionnumber",
            "_owningbusinessunit_value");

    private DataverseModel() {
    }

    public static List<EntitySchema> schemas() {
        return List.of(account(), contact(), product(), priceLevel(), quote(), quoteDetail(), salesOrder(),
                salesOrderDetail(), invoice(), invoiceDetail(), businessUnit(), currency(), uom(), uomSchedule());
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

    static EntitySchema account() {
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
                .alternateKey("accountnumber").build();
    }

    static EntitySchema contact() {
        EntitySchema.Builder b = table("contact", "contacts")
                .string("firstname", 50).string("lastname", 50).string("fullname", 160).string("jobtitle", 100)
                .string("emailaddress1", 100).string("telephone1", 50).string("msdynce_contactnumber", 100)
                .of("msdynce_isactivecustomer", BOOLEAN).of("msdynce_iscompanyanaccount", BOOLEAN)
                .of("statecode", INT);
        address(b, "address1");
        return b.lookup(new Lookup("parentcustomerid",
                        Map.of("parentcustomerid_account", "accounts", "parentcustomerid_contact", "contacts")))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"))
                .alternateKey("msdynce_contactnumber").build();
    }

    static EntitySchema product() {
        return table("product", "products")
                .string("name", 100).string("productnumber", 100).string("description", 2000)
                .of("price", DECIMAL).of("currentcost", DECIMAL).of("standardcost", DECIMAL)
                .of("quantitydecimal", INT).of("isstockitem", BOOLEAN).of("producttypecode", INT)
                .of("msdynce_ismaintainedexternally", BOOLEAN).of("statecode", INT)
                .lookup(Lookup.single("defaultuomid", "uoms"))
                .lookup(Lookup.single("defaultuomscheduleid", "uomschedules"))
                .lookup(Lookup.single("pricelevelid", "pricelevels"))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"))
                .alternateKey("productnumber").build();
    }

    static EntitySchema priceLevel() {
        return table("pricelevel", "pricelevels")
                .string("name", 100).string("description", 2000).of("begindate", DATETIME).of("enddate", DATETIME)
                .of("statecode", INT)
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies")).build();
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
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"))
                .alternateKey(number);
    }

    private static EntitySchema.Builder line(String logical, String set, String parent, String parentSet) {
        return table(logical, set)
                .string(logical + "name", 500).string("description", 2000)
                .of("quantity", DECIMAL).of("priceperunit", DECIMAL).of("extendedamount", DECIMAL)
                .of("manualdiscountamount", DECIMAL).of("sequencenumber", INT).of("requestdeliveryby", DATE)
                .lookup(Lookup.single(parent, parentSet))
                .lookup(Lookup.single("productid", "products"))
                .lookup(Lookup.single("uomid", "uoms"))
                .lookup(Lookup.single("transactioncurrencyid", "transactioncurrencies"))
                .alternateKey("_" + parent + "_value", "sequencenumber");
    }

    static EntitySchema quote() {
        return header("quote", "quotes", "quotenumber").build();
    }

    static EntitySchema quoteDetail() {
        return line("quotedetail", "quotedetails", "quoteid", "quotes").build();
    }

    static EntitySchema salesOrder() {
        return header("salesorder", "salesorders", "ordernumber").of("submitdate", DATETIME)
                .lookup(Lookup.single("quoteid", "quotes")).build();
    }

    static EntitySchema salesOrderDetail() {
        return line("salesorderdetail", "salesorderdetails", "salesorderid", "salesorders").build();
    }

    static EntitySchema invoice() {
        return header("invoice", "invoices", "invoicenumber").of("datedelivered", DATETIME)
                .lookup(Lookup.single("salesorderid", "salesorders")).build();
    }

    static EntitySchema invoiceDetail() {
        return line("invoicedetail", "invoicedetails", "invoiceid", "invoices").build();
    }

    static EntitySchema businessUnit() {
        return table("businessunit", "businessunits")
                .string("name", 160).string("divisionname", 100).string("description", 2000)
                .of("isdisabled", BOOLEAN)
                .lookup(Lookup.single("parentbusinessunitid", "businessunits")).build();
    }

    static EntitySchema currency() {
        return table("transactioncurrency", "transactioncurrencies")
                .string("isocurrencycode", 5).string("currencyname", 100).string("currencysymbol", 10)
                .of("exchangerate", DECIMAL).of("currencyprecision", INT)
                .alternateKey("isocurrencycode").build();
    }

    static EntitySchema uom() {
        return table("uom", "uoms")
                .string("name", 100).of("quantity", DECIMAL).of("isschedulebaseuom", BOOLEAN)
                .lookup(Lookup.single("uomscheduleid", "uomschedules")).build();
    }

    static EntitySchema uomSchedule() {
        return table("uomschedule", "uomschedules")
                .string("name", 200).string("baseuomname", 100).string("description", 2000).build();
    }

    /** Whether a column is maintained by the service rather than written by clients. */
    public static boolean isSystemColumn(EntitySchema s, String column) {
        return SYSTEM_COLUMNS.contains(column) || column.equals(primaryId(s));
    }
}
