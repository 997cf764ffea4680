package org.ferry.sandbox.internal.dataverse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Seeder;
import org.ferry.sandbox.internal.data.Seeder.RowBuilder;
import org.ferry.sandbox.internal.data.Store;

/**
 * The Sales side of the Prospect-to-Cash sample: business units, currencies, units, price lists,
 * products, accounts, contacts, quotes, orders and invoices, plus three deliberately bad accounts
 * (no account number, unknown country, a name longer than F&O's 100 characters). Generated volumes
 * come from {@link DataverseVolume}.
 */
public final class DataverseSeed {
    public static final String ROOT_BUSINESS_UNIT = "3b9a2f1e-6c1d-4e0a-9a51-000000000001";
    public static final String US_BUSINESS_UNIT = "3b9a2f1e-6c1d-4e0a-9a51-000000000002";
    public static final String EUROPE_BUSINESS_UNIT = "3b9a2f1e-6c1d-4e0a-9a51-000000000003";
    public static final String NO_NUMBER_ACCOUNT = "bad00000-0000-4000-8000-000000000001";
    public static final String UNKNOWN_COUNTRY_ACCOUNT = "ACC-01998-BADCTY";
    public static final String LONG_NAME_ACCOUNT = "ACC-01999-LONGNM";

    static final String[] COMPANIES = {"Adventure Works", "Alpine Ski House", "Blue Yonder Airlines", "City Power & Light",
        "Coho Winery", "Contoso Pharmaceuticals", "Fabrikam Residences", "Fourth Coffee", "Humongous Insurance",
        "Litware", "Lucerne Publishing", "Margie's Travel", "Northwind Traders", "Proseware", "Relecloud",
        "School of Fine Art", "Southridge Video", "Tailspin Toys", "Trey Research", "Wide World Importers",
        "Wingtip Toys", "Woodgrove Bank", "Graphic Design Institute", "VanArsdel", "Consolidated Messenger"};
    static final String[][] CITIES = {{"Seattle", "WA", "98101", "United States"}, {"Chicago", "IL", "60601", "United States"},
        {"Austin", "TX", "73301", "United States"}, {"Toronto", "ON", "M5H 2N2", "Canada"},
        {"Berlin", "BE", "10115", "Germany"}, {"Munich", "BY", "80331", "Germany"}, {"Paris", "IDF", "75001", "France"}};
    static final String[] FIRST = {"Yvonne", "Susanna", "Nancy", "Rene", "Paul", "Sidney", "Scott", "Maria", "Jim", "Patrick"};
    static final String[] LAST = {"McKay", "Stubberod", "Anderson", "Valdes", "Cannon", "Higa", "Konersmann", "Campbell",
        "Glynn", "O'Brien"};

    private final Store store;
    private final Seeder seeder;
    final List<String> accounts = new ArrayList<>();
    private final List<String> sampleAccountNumbers = new ArrayList<>();
    final List<String> contacts = new ArrayList<>();
    final List<String> products = new ArrayList<>();
    String usd;
    String eur;
    String primaryUnit;
    String unitSchedule;
    String priceList;

    public DataverseSeed(Store store, Seeder seeder) {
        this.store = store;
        this.seeder = seeder;
    }

    RowBuilder row(String set, String id, String businessUnit) {
        EntityTable t = store.table(set);
        String ts = seeder.nextTimestamp();
        return new RowBuilder(t.schema()).set(DataverseModel.primaryId(t.schema()), id)
                .set("createdon", ts).set("modifiedon", ts).set("_owningbusinessunit_value", businessUnit);
    }

    org.ferry.sandbox.internal.data.EntityTable storeTable(String set) {
        return store.table(set);
    }

    void put(String set, RowBuilder b) {
        EntityTable t = store.table(set);
        t.put((String) b.get(DataverseModel.primaryId(t.schema())), b.values());
    }

    /** Reference rows every other record points at; always loaded, even without the sample. */
    public void loadReferenceData() {
        put("businessunits", row("businessunits", ROOT_BUSINESS_UNIT, ROOT_BUSINESS_UNIT).set("name", "Contoso"));
        put("businessunits", row("businessunits", US_BUSINESS_UNIT, ROOT_BUSINESS_UNIT).set("name", "Contoso US")
                .set("divisionname", "USMF").set("_parentbusinessunitid_value", ROOT_BUSINESS_UNIT));
        put("businessunits", row("businessunits", EUROPE_BUSINESS_UNIT, ROOT_BUSINESS_UNIT).set("name", "Contoso Europe")
                .set("divisionname", "DEMF").set("_parentbusinessunitid_value", ROOT_BUSINESS_UNIT));
        usd = seeder.guid();
        eur = seeder.guid();
        put("transactioncurrencies", row("transactioncurrencies", usd, ROOT_BUSINESS_UNIT).set("isocurrencycode", "USD")
                .set("currencyname", "US Dollar").set("currencysymbol", "$").set("exchangerate", BigDecimal.ONE)
                .set("currencyprecision", 2));
        put("transactioncurrencies", row("transactioncurrencies", eur, ROOT_BUSINESS_UNIT).set("isocurrencycode", "EUR")
                .set("currencyname", "Euro").set("currencysymbol", "€").set("exchangerate", new BigDecimal("0.92"))
                .set("currencyprecision", 2));
        unitSchedule = seeder.guid();
        put("uomschedules", row("uomschedules", unitSchedule, ROOT_BUSINESS_UNIT).set("name", "Default Unit")
                .set("baseuomname", "Primary Unit"));
        primaryUnit = seeder.guid();
        put("uoms", row("uoms", primaryUnit, ROOT_BUSINESS_UNIT).set("name", "Primary Unit").set("quantity", BigDecimal.ONE)
                .set("isschedulebaseuom", true).set("_uomscheduleid_value", unitSchedule));
        for (String unit : new String[] {"ea", "pcs", "Hour"}) {
            put("uoms", row("uoms", seeder.guid(), ROOT_BUSINESS_UNIT).set("name", unit).set("quantity", BigDecimal.ONE)
                    .set("isschedulebaseuom", false).set("_uomscheduleid_value", unitSchedule));
        }
        priceList = seeder.guid();
        put("pricelevels", row("pricelevels", priceList, ROOT_BUSINESS_UNIT).set("name", "CRM Service USA (sample)")
                .set("_transactioncurrencyid_value", usd).set("statecode", 0));
        put("pricelevels", row("pricelevels", seeder.guid(), ROOT_BUSINESS_UNIT).set("name", "Contoso Europe EUR")
                .set("_transactioncurrencyid_value", eur).set("statecode", 0));
    }

    /** The hand-made Prospect-to-Cash sample. */
    public void loadSample() {
        for (int i = 0; i < 20; i++) {
            addProduct(String.format("D%04d", i + 1), productName(i), i % 5 != 4);
        }
        for (int i = 0; i < 40; i++) {
            String[] city = CITIES[i % CITIES.length];
            String name = COMPANIES[i % COMPANIES.length] + (i >= COMPANIES.length ? " " + city[0] : "");
            String number = String.format("ACC-%05d-%s", 1000 + i, seeder.suffix());
            addAccount(number, name, city);
            if (!city[3].equals("Germany") && !city[3].equals("France")) {
                sampleAccountNumbers.add(number);
            }
        }
        String[] us = CITIES[0];
        addAccount(null, "Fabrikam (no account number)", us, NO_NUMBER_ACCOUNT);
        addAccount(UNKNOWN_COUNTRY_ACCOUNT, "Atlantis Trading Company", new String[] {"Poseidonia", "", "00000", "Atlantis"});
        addAccount(LONG_NAME_ACCOUNT, ("The Very Long Name Consolidated Holdings International Incorporated of Greater "
                + "Seattle, Tacoma and the Pacific Northwest Region").substring(0, 120), us);
        for (int i = 0; i < accounts.size() - 3; i++) {
            for (int c = 0; c < 2; c++) {
                addContact(accounts.get(i), i * 2 + c, c == 0);
            }
        }
        new DataverseSalesDocuments(this, seeder).load(10, 15, 8);
    }

    /** @return the account numbers of the sample's US accounts, which the F&O sample knows as customers */
    public List<String> sampleAccountNumbers() {
        return List.copyOf(sampleAccountNumbers);
    }

    private static String productName(int i) {
        String[] kinds = {"Speaker", "Amplifier", "Receiver", "Subwoofer", "Installation service"};
        String[] lines = {"MidRange", "HighEnd", "Compact", "Studio"};
        return lines[i % lines.length] + " " + kinds[i % kinds.length] + " " + (i / kinds.length + 1);
    }

    String addProduct(String number, String name, boolean external) {
        String id = seeder.guid();
        put("products", row("products", id, ROOT_BUSINESS_UNIT).set("productnumber", number).set("name", name)
                .set("description", name + " (sample)").set("price", seeder.money(20, 900))
                .set("currentcost", seeder.money(5, 15)).set("standardcost", seeder.money(5, 15))
                .set("quantitydecimal", 0).set("isstockitem", !name.contains("service"))
                .set("producttypecode", 1).set("msdynce_ismaintainedexternally", external).set("statecode", 0)
                .set("_defaultuomid_value", primaryUnit).set("_defaultuomscheduleid_value", unitSchedule)
                .set("_pricelevelid_value", priceList).set("_transactioncurrencyid_value", usd));
        products.add(id);
        return id;
    }

    void addAccount(String number, String name, String[] city) {
        addAccount(number, name, city, seeder.guid());
    }

    void addAccount(String number, String name, String[] city, String id) {
        boolean europe = city[3].equals("Germany") || city[3].equals("France");
        put("accounts", row("accounts", id, europe ? EUROPE_BUSINESS_UNIT : US_BUSINESS_UNIT)
                .set("name", name).set("accountnumber", number)
                .set("telephone1", String.format("+1-555-%04d", seeder.random().nextInt(10_000)))
                .set("emailaddress1", "info@" + name.toLowerCase().replaceAll("[^a-z]", "").substring(0, Math.min(12,
                        name.replaceAll("[^A-Za-z]", "").length())) + ".example.com")
                .set("websiteurl", "https://www.example.com/" + accounts.size())
                .set("address1_line1", (100 + seeder.random().nextInt(9000)) + " Main Street")
                .set("address1_city", city[0]).set("address1_stateorprovince", city[1])
                .set("address1_postalcode", city[2]).set("address1_country", city[3])
                .set("address1_addresstypecode", 3).set("customertypecode", 3).set("statecode", 0)
                .set("creditlimit", seeder.money(1000, 50_000)).set("numberofemployees", 10 + seeder.random().nextInt(5000))
                .set("_transactioncurrencyid_value", europe ? eur : usd));
        accounts.add(id);
    }

    void addContact(String accountId, int n, boolean activeCustomer) {
        String id = seeder.guid();
        String first = seeder.pick(FIRST);
        String last = seeder.pick(LAST);
        put("contacts", row("contacts", id, US_BUSINESS_UNIT).set("firstname", first).set("lastname", last)
                .set("fullname", first + " " + last).set("jobtitle", n % 3 == 0 ? "Purchasing manager" : "Buyer")
                .set("emailaddress1", (first + "." + last).toLowerCase().replace("'", "") + n + "@example.com")
                .set("telephone1", String.format("+1-555-%04d", seeder.random().nextInt(10_000)))
                .set("msdynce_contactnumber", String.format("CON-%05d-%s", 1000 + n, seeder.suffix()))
                .set("msdynce_isactivecustomer", activeCustomer && n % 4 == 0).set("msdynce_iscompanyanaccount", false)
                .set("statecode", 0).set("_parentcustomerid_value", accountId).set("_transactioncurrencyid_value", usd));
        contacts.add(id);
    }
}
