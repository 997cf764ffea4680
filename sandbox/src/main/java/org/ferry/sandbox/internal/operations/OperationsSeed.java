package org.ferry.sandbox.internal.operations;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Seeder;
import org.ferry.sandbox.internal.data.Seeder.RowBuilder;
import org.ferry.sandbox.internal.data.Store;

/**
 * The F&O side of the sample: legal entities USMF and DEMF, customer groups, customers in both
 * companies (US-001…US-003 exist in both, so a business key is only unique per legal entity),
 * released and sellable products, sales orders with lines, quotations and invoices. Large
 * customer volumes come from {@link #generateCustomers(int)}.
 */
public final class OperationsSeed {
    private static final String[] NAMES = {"Contoso Retail", "Forest Wholesales", "Sparrow Retail", "Owl Wholesales",
        "Desert Wholesales", "Lamna Healthcare", "Grebe Wholesales", "Cave Wholesales", "Birch Company", "Yellow Bikes"};
    private static final String[][] US_CITIES = {{"Seattle", "WA", "98101"}, {"San Diego", "CA", "92101"},
        {"Chicago", "IL", "60601"}, {"Miami", "FL", "33101"}};
    private static final String[][] DE_CITIES = {{"Berlin", "BE", "10115"}, {"München", "BY", "80331"},
        {"Hamburg", "HH", "20095"}};

    private final Store store;
    private final Seeder seeder;
    private final java.util.Set<String> externallyMaintained = new java.util.HashSet<>();

    public OperationsSeed(Store store, Seeder seeder) {
        this.store = store;
        this.seeder = seeder;
    }

    private void put(String set, RowBuilder b) {
        EntityTable t = store.table(set);
        if (t.schema().modifiedField() != null && b.get(t.schema().modifiedField()) == null) {
            b.set(t.schema().modifiedField(), seeder.nextTimestamp());
        }
        t.put(OperationsRows.id(t.schema(), b.values()), b.values());
    }

    private RowBuilder row(String set) {
        return new RowBuilder(store.table(set).schema());
    }

    /** Legal entities and customer groups: always present, every customer refers to them. */
    public void loadReferenceData() {
        put("LegalEntities", row("LegalEntities").set("LegalEntityId", "USMF").set("Name", "Contoso Entertainment System USA")
                .set("AddressCountryRegionId", "USA").set("AddressCity", "Seattle").set("CurrencyCode", "USD")
                .set("LanguageId", "en-us"));
        put("LegalEntities", row("LegalEntities").set("LegalEntityId", "DEMF")
                .set("Name", "Contoso Entertainment System Germany").set("AddressCountryRegionId", "DEU")
                .set("AddressCity", "Berlin").set("CurrencyCode", "EUR").set("LanguageId", "de"));
        String[][] groups = {{"10", "Wholesales customers"}, {"20", "Major customers"}, {"30", "Retail customers"},
            {"40", "Internet customers"}, {"80", "Other customers"}, {"90", "Intercompany customers"}};
        for (String company : OperationsModel.LEGAL_ENTITIES) {
            for (String[] g : groups) {
                put("CustomerGroups", row("CustomerGroups").set("dataAreaId", company).set("CustomerGroupId", g[0])
                        .set("Description", g[1]).set("PaymentTermId", "Net30").set("ClearingPeriodPaymentTermName", "Net30")
                        .set("IsSalesTaxIncludedInPrice", "No").set("TaxGroupId", ""));
            }
        }
    }

    /**
     * @param salesAccounts account numbers of the Sales sample: Prospect-to-Cash customers come from Sales
     *                      (externally maintained), so the F&amp;O sample knows some of them as customers already
     *                      synchronized, and its orders, invoices and quotations are theirs
     */
    public void loadSample(java.util.List<String> salesAccounts) {
        for (int i = 1; i <= 30; i++) {
            customer("usmf", String.format("US-%03d", i), NAMES[i % NAMES.length] + " " + i, US_CITIES[i % US_CITIES.length],
                    "USA", "USD");
        }
        for (int i = 1; i <= 15; i++) {
            customer("demf", String.format("DE-%03d", i), NAMES[i % NAMES.length] + " GmbH " + i,
                    DE_CITIES[i % DE_CITIES.length], "DEU", "EUR");
        }
        for (int i = 1; i <= 3; i++) {
            // the same customer ids in both companies: unique only per legal entity (reference §3.3)
            customer("demf", String.format("US-%03d", i), NAMES[i % NAMES.length] + " Deutschland",
                    DE_CITIES[i % DE_CITIES.length], "DEU", "EUR");
        }
        for (int i = 1; i <= 20; i++) {
            product("usmf", String.format("D%04d", i), "Speaker model " + i, "USD");
            if (i <= 10) {
                product("demf", String.format("D%04d", i), "Lautsprecher Modell " + i, "EUR");
            }
        }
        int synced = Math.min(12, salesAccounts.size());
        for (int i = 0; i < synced; i++) {
            externallyMaintainedCustomer(salesAccounts.get(i), NAMES[i % NAMES.length] + " (from Sales)", US_CITIES[i % US_CITIES.length]);
        }
        for (int i = 1; i <= 12; i++) {
            String number = String.format("SO-%06d", 100_000 + i);
            String customer = synced == 0 ? String.format("US-%03d", 1 + i % 30) : salesAccounts.get(i % synced);
            order("SalesOrderHeadersV2", number, customer, i);
            order("CDSSalesOrderHeaders", number, customer, i);
            for (int l = 1; l <= 2; l++) {
                line("CDSSalesOrderLines", "SalesOrderNumber", number, "OrderedSalesQuantity", l, i);
            }
            if (i <= 6) {
                invoice(String.format("CIV-%06d", 500_000 + i), number, customer, i);
            }
            if (i <= 5) {
                quotation(String.format("QT-%06d", 200_000 + i), customer, i);
            }
        }
    }

    /** Generated customers, alternating between the two companies. */
    public void generateCustomers(int count) {
        for (int i = 0; i < count; i++) {
            boolean us = i % 2 == 0;
            customer(us ? "usmf" : "demf", String.format("CUS-%07d", i + 1), NAMES[i % NAMES.length] + " " + (i + 1),
                    us ? US_CITIES[i % US_CITIES.length] : DE_CITIES[i % DE_CITIES.length], us ? "USA" : "DEU",
                    us ? "USD" : "EUR");
        }
    }

    public void generateProducts(int count) {
        for (int i = 0; i < count; i++) {
            product("usmf", String.format("P%07d", i + 1), "Generated product " + (i + 1), "USD");
        }
    }

    private void externallyMaintainedCustomer(String account, String name, String[] city) {
        externallyMaintained.add(account);
        customer("usmf", account, name, city, "USA", "USD", true);
    }

    private void customer(String company, String account, String name, String[] city, String country, String currency) {
        customer(company, account, name, city, country, currency, false);
    }

    private void customer(String company, String account, String name, String[] city, String country, String currency,
                          boolean externallyMaintained) {
        put("CustomersV3", row("CustomersV3").set("dataAreaId", company).set("CustomerAccount", account)
                .set("PartyType", "Organization").set("OrganizationName", name)
                .set("NameAlias", name.replaceAll("[^A-Za-z]", "").substring(0, Math.min(20, name.replaceAll("[^A-Za-z]", "").length())))
                .set("CustomerGroupId", seeder.pick(new String[] {"10", "20", "30"})).set("SalesCurrencyCode", currency)
                .set("LanguageId", country.equals("USA") ? "en-us" : "de").set("AddressStreet", (1 + seeder.random().nextInt(999)) + " Market St")
                .set("AddressCity", city[0]).set("AddressState", city[1]).set("AddressZipCode", city[2])
                .set("AddressCountryRegionId", country).set("AddressCountryRegionISOCode", OperationsModel.COUNTRIES.get(country))
                .set("PrimaryContactEmail", account.toLowerCase() + "@example.com")
                .set("PrimaryContactPhone", String.format("+1-555-%04d", seeder.random().nextInt(10_000)))
                .set("CreditLimit", seeder.money(1000, 100_000)).set("SiteId", "1").set("WarehouseId", "13")
                .set("IsExternallyMaintained", externallyMaintained ? "Yes" : "No").set("OnHoldStatus", "No"));
    }

    private void product(String company, String number, String name, String currency) {
        BigDecimal price = seeder.money(20, 900);
        BigDecimal cost = seeder.money(5, 15);
        put("SellableReleasedProducts", row("SellableReleasedProducts").set("dataAreaId", company).set("ProductNumber", number)
                .set("ProductName", name).set("ProductDescription", name + ", sellable").set("ProductType", "Item")
                .set("InventoryUnitSymbol", "ea").set("InventoryUnitDecimalPrecision", 0).set("CurrencyCode", currency)
                .set("SalesPrice", price).set("IsSalesStopped", "No").set("SalesUnitDecimalPrecision", 0)
                .set("FieldServiceProductType", "inventory").set("UnitCost", cost).set("SalesUnitSymbol", "ea")
                .set("IsStockedProduct", "Yes"));
        put("ReleasedProductsV2", row("ReleasedProductsV2").set("dataAreaId", company).set("ItemNumber", number)
                .set("ProductNumber", number).set("ProductName", name).set("SearchName", number).set("ProductType", "Item")
                .set("SalesUnitSymbol", "ea").set("InventoryUnitSymbol", "ea").set("SalesPrice", price).set("UnitCost", cost)
                .set("ItemModelGroupId", "FIFO").set("ProductGroupId", "Audio"));
    }

    private void order(String set, String number, String customer, int n) {
        String[] city = US_CITIES[n % US_CITIES.length];
        RowBuilder b = row(set).set("dataAreaId", "usmf").set("SalesOrderNumber", number)
                .set("OrderingCustomerAccountNumber", customer).set("InvoiceCustomerAccountNumber", customer)
                .set("CurrencyCode", "USD").set("LanguageId", "en-us").set("SalesOrderName", "Order " + n)
                .set("CustomersOrderReference", "PO-" + (4000 + n))
                .set("RequestedShippingDate", LocalDate.of(2025, 1 + n % 12, 10).toString())
                .set("RequestedReceiptDate", LocalDate.of(2025, 1 + n % 12, 15).toString())
                .set("SalesOrderStatus", n % 3 == 0 ? "Invoiced" : "Backorder")
                .set("DeliveryAddressName", "Main warehouse").set("DeliveryAddressStreet", (200 + n) + " Dock Street")
                .set("DeliveryAddressCity", city[0]).set("DeliveryAddressStateId", city[1])
                .set("DeliveryAddressZipCode", city[2]).set("DeliveryAddressCountryRegionId", "USA")
                .set("DeliveryAddressCountryRegionISOCode", "US").set("IsDeliveryAddressOrderSpecific", "No")
                .set("OrderTotalAmount", seeder.money(100, 5000)).set("TotalDiscountAmount", BigDecimal.ZERO);
        if (set.startsWith("CDS")) {
            // the flags F&O derives from the customers: Prospect-to-Cash sends back only orders of customers from Sales
            String flag = externallyMaintained.contains(customer) ? "Yes" : "No";
            b.set("OrderingCustomerIsExternallyMaintained", flag).set("InvoiceCustomerIsExternallyMaintained", flag)
                    .set("SalesOrderProcessingStatus", n % 3 == 0 ? "Invoiced" : "Confirmed").set("AreTotalsUpdated", "Yes");
        }
        put(set, b);
    }

    private void line(String set, String header, String number, String quantityField, int l, int n) {
        BigDecimal price = seeder.money(20, 900);
        BigDecimal quantity = BigDecimal.valueOf(1 + (n + l) % 4);
        put(set, row(set).set("dataAreaId", "usmf").set(header, number).set("LineCreationSequenceNumber", l)
                .set("ProductNumber", String.format("D%04d", 1 + (n + l) % 20)).set("ProductName", "Speaker model " + l)
                .set("LineDescription", "Line " + l).set(quantityField, quantity).set("SalesUnitSymbol", "ea")
                .set("SalesPrice", price).set("LineAmount", price.multiply(quantity)).set("LineDiscountAmount", BigDecimal.ZERO)
                .set("ShippingSiteId", "1").set("ShippingWarehouseId", "13").set("DeliveryAddressCountryRegionISOCode", "US"));
    }

    private void invoice(String number, String order, String customer, int n) {
        put("SalesInvoiceHeaders", row("SalesInvoiceHeaders").set("dataAreaId", "usmf").set("InvoiceNumber", number)
                .set("InvoiceCustomerAccountNumber", customer).set("SalesOrderNumber", order)
                .set("InvoiceDate", LocalDate.of(2025, 1 + n % 12, 20).toString()).set("CurrencyCode", "USD")
                .set("TotalInvoiceAmount", seeder.money(100, 5000)).set("TotalTaxAmount", seeder.money(5, 50))
                .set("TotalDiscountAmount", BigDecimal.ZERO)
                .set("InvoiceCustomerIsExternallyMaintained", externallyMaintained.contains(customer) ? "Yes" : "No")
                .set("DeliveryAddressCountryRegionISOCode", "US"));
        for (int l = 1; l <= 2; l++) {
            line("SalesInvoiceLines", "InvoiceNumber", number, "InvoicedQuantity", l, n);
        }
    }

    private void quotation(String number, String customer, int n) {
        put("CDSSalesQuotationHeaders", row("CDSSalesQuotationHeaders").set("dataAreaId", "usmf")
                .set("SalesQuotationNumber", number).set("RequestingCustomerAccountNumber", customer)
                .set("CurrencyCode", "USD").set("SalesQuotationName", "Quotation " + n).set("CustomersReference", "RFQ-" + n)
                .set("RequestedShippingDate", LocalDate.of(2025, 1 + n % 12, 5).toString())
                .set("QuotationTotalAmount", seeder.money(100, 5000)).set("DeliveryAddressCountryRegionISOCode", "US"));
        for (int l = 1; l <= 2; l++) {
            line("CDSSalesQuotationLines", "SalesQuotationNumber", number, "RequestedSalesQuantity", l, n);
        }
    }
}
