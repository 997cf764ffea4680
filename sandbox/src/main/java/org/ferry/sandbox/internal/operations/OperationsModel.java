package org.ferry.sandbox.internal.operations;

import static org.ferry.sandbox.internal.data.FieldType.DATE;
import static org.ferry.sandbox.internal.data.FieldType.DATETIME;
import static org.ferry.sandbox.internal.data.FieldType.DECIMAL;
import static org.ferry.sandbox.internal.data.FieldType.INT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.Field;

/**
 * The F&O data entities of the Prospect-to-Cash flow (reference §3.1, §3.9): entity set names,
 * composite keys (dataAreaId first), the fields the P2C mappings use, NoYes and other enums, and
 * the not-nullable fields of CustomersV3. Entities with a {@code ModifiedDateTime} field support
 * watermark reads; the others (lines, sellable products, legal entities) do not.
 */
public final class OperationsModel {
    public static final String NAMESPACE = "Microsoft.Dynamics.DataEntities";
    public static final String DATA_AREA = "dataAreaId";
    public static final String MODIFIED = "ModifiedDateTime";
    public static final List<String> LEGAL_ENTITIES = List.of("usmf", "demf");
    public static final String DEFAULT_COMPANY = "usmf";

    public static final Map<String, List<String>> ENUMS = new LinkedHashMap<>();
    /** Country/region ids (3 letters) and their ISO codes known to the emulated legal entities. */
    public static final Map<String, String> COUNTRIES = Map.ofEntries(Map.entry("USA", "US"), Map.entry("CAN", "CA"),
            Map.entry("MEX", "MX"), Map.entry("DEU", "DE"), Map.entry("FRA", "FR"), Map.entry("GBR", "GB"),
            Map.entry("NLD", "NL"), Map.entry("AUT", "AT"), Map.entry("CHE", "CH"), Map.entry("DNK", "DK"),
            Map.entry("ITA", "IT"), Map.entry("ESP", "ES"), Map.entry("JPN", "JP"), Map.entry("CHN", "CN"),
            Map.entry("AUS", "AU"), Map.entry("BRA", "BR"), Map.entry("IND", "IN"), Map.entry("SWE", "SE"));

    static {
        ENUMS.put("NoYes", List.of("No", "Yes"));
        ENUMS.put("DirPartyBaseType", List.of("None", "Person", "Organization"));
        ENUMS.put("EcoResProductType", List.of("Item", "Service"));
        ENUMS.put("SalesStatus", List.of("None", "Backorder", "Delivered", "Invoiced", "Canceled"));
        ENUMS.put("CustVendorBlocked", List.of("No", "Invoice", "All", "Payment", "Requisition", "Never"));
        // as a real environment's $metadata lists it (third-party SAP Cloud SDK client generated from one): there is
        // no Draft, an order starts Active
        ENUMS.put("SalesOrderProcessingStatus", List.of("Active", "Confirmed", "Picked", "PartiallyDelivered", "Delivered",
                "Invoiced", "PartiallyInvoiced", "Canceled", "DeliveredPartiallyInvoiced"));
    }

    /** The AOT class behind each entity set, named in F&O write-failure infologs. */
    private static final Map<String, String> AOT_NAMES = Map.ofEntries(
            Map.entry("CustomersV3", "CustCustomerV3Entity"), Map.entry("CustomerGroups", "CustCustomerGroupEntity"),
            Map.entry("LegalEntities", "OMLegalEntity"), Map.entry("ReleasedProductsV2", "EcoResReleasedProductV2Entity"),
            Map.entry("SellableReleasedProducts", "EcoResSellableReleasedProductEntity"),
            Map.entry("SalesOrderHeadersV2", "SalesOrderHeaderV2Entity"),
            Map.entry("CDSSalesOrderHeaders", "SalesOrderHeaderCDSEntity"),
            Map.entry("CDSSalesOrderLines", "SalesOrderLineCDSEntity"),
            Map.entry("CDSSalesQuotationHeaders", "SalesQuotationHeaderCDSEntity"),
            Map.entry("CDSSalesQuotationLines", "SalesQuotationLineCDSEntity"),
            Map.entry("SalesInvoiceHeaders", "SalesInvoiceHeaderEntity"),
            Map.entry("SalesInvoiceLines", "SalesInvoiceLineEntity"));

    private OperationsModel() {
    }

    public static String aotName(EntitySchema s) {
        return AOT_NAMES.getOrDefault(s.setName(), s.entityName() + "Entity");
    }

    public static boolean companyScoped(EntitySchema s) {
        return s.key().contains(DATA_AREA);
    }

    public static List<EntitySchema> schemas() {
        return List.of(legalEntities(), customerGroups(), customers(), releasedProducts(), sellableProducts(),
                orderHeaders("SalesOrderHeaderV2", "SalesOrderHeadersV2", false),
                orderHeaders("CDSSalesOrderHeader", "CDSSalesOrderHeaders", true),
                lines("CDSSalesOrderLine", "CDSSalesOrderLines", "SalesOrderNumber", "OrderedSalesQuantity"),
                quotationHeaders(),
                lines("CDSSalesQuotationLine", "CDSSalesQuotationLines", "SalesQuotationNumber", "RequestedSalesQuantity"),
                invoiceHeaders(),
                lines("SalesInvoiceLine", "SalesInvoiceLines", "InvoiceNumber", "InvoicedQuantity"));
    }

    private static EntitySchema.Builder entity(String name, String set) {
        return new EntitySchema.Builder(name, set);
    }

    private static EntitySchema.Builder scoped(String name, String set, String key, int keyLength) {
        return entity(name, set).required(DATA_AREA, 4).required(key, keyLength).key(DATA_AREA, key);
    }

    private static EntitySchema legalEntities() {
        return entity("LegalEntity", "LegalEntities").required("LegalEntityId", 4).key("LegalEntityId")
                .string("Name", 100).string("AddressCountryRegionId", 10).string("AddressCity", 60)
                .string("CurrencyCode", 3).string("LanguageId", 7).build();
    }

    private static EntitySchema customerGroups() {
        return scoped("CustomerGroup", "CustomerGroups", "CustomerGroupId", 10).string("Description", 60)
                .string("PaymentTermId", 10).string("ClearingPeriodPaymentTermName", 10)
                .enumeration("IsSalesTaxIncludedInPrice", "NoYes").string("TaxGroupId", 10).build();
    }

    private static EntitySchema customers() {
        return scoped("CustomerV3", "CustomersV3", "CustomerAccount", 20)
                .enumeration("PartyType", "DirPartyBaseType").string("OrganizationName", 100).string("NameAlias", 20)
                .string("PartyNumber", 40).required("CustomerGroupId", 10).required("SalesCurrencyCode", 3)
                .string("LanguageId", 7).string("AddressDescription", 60).string("AddressStreet", 250)
                .string("AddressCity", 60).string("AddressState", 10).string("AddressCounty", 10)
                .string("AddressZipCode", 10).string("AddressCountryRegionId", 10).string("AddressCountryRegionISOCode", 10)
                .string("PrimaryContactEmail", 255).string("PrimaryContactPhone", 255).string("PrimaryContactFax", 255)
                .string("PrimaryContactURL", 255).of("CreditLimit", DECIMAL).string("SalesMemo", 1000)
                .string("SiteId", 10).string("WarehouseId", 10).string("PaymentTerms", 10)
                .enumeration("IsExternallyMaintained", "NoYes").enumeration("OnHoldStatus", "CustVendorBlocked")
                .of(MODIFIED, DATETIME).modified(MODIFIED).build();
    }

    private static EntitySchema releasedProducts() {
        return scoped("ReleasedProductV2", "ReleasedProductsV2", "ItemNumber", 20).required("ProductNumber", 20)
                .string("ProductName", 60).string("SearchName", 20).enumeration("ProductType", "EcoResProductType")
                .string("SalesUnitSymbol", 10).string("InventoryUnitSymbol", 10).of("SalesPrice", DECIMAL)
                .of("UnitCost", DECIMAL).string("ItemModelGroupId", 10).string("ProductGroupId", 20)
                .of(MODIFIED, DATETIME).modified(MODIFIED).build();
    }

    private static EntitySchema sellableProducts() {
        return scoped("SellableReleasedProduct", "SellableReleasedProducts", "ProductNumber", 20)
                .string("ProductName", 60).string("ProductDescription", 1000)
                .enumeration("ProductType", "EcoResProductType").string("InventoryUnitSymbol", 10)
                .of("InventoryUnitDecimalPrecision", INT).string("CurrencyCode", 3).of("SalesPrice", DECIMAL)
                .enumeration("IsSalesStopped", "NoYes").of("SalesUnitDecimalPrecision", INT)
                .string("FieldServiceProductType", 20).of("UnitCost", DECIMAL).string("SalesUnitSymbol", 10)
                .enumeration("IsStockedProduct", "NoYes").build();
    }

    private static EntitySchema.Builder delivery(EntitySchema.Builder b) {
        return b.string("DeliveryAddressName", 100).string("DeliveryAddressStreet", 250)
                .string("DeliveryAddressStreetNumber", 20).string("DeliveryAddressCity", 60)
                .string("DeliveryAddressStateId", 10).string("DeliveryAddressZipCode", 10)
                .string("DeliveryAddressCountryRegionId", 10).string("DeliveryAddressCountryRegionISOCode", 10)
                .string("DeliveryAddressDescription", 60).enumeration("IsDeliveryAddressOrderSpecific", "NoYes");
    }

    private static EntitySchema orderHeaders(String name, String set, boolean cds) {
        EntitySchema.Builder b = scoped(name, set, "SalesOrderNumber", 20)
                .required("OrderingCustomerAccountNumber", 20).string("InvoiceCustomerAccountNumber", 20)
                .required("CurrencyCode", 3).string("LanguageId", 7).string("SalesOrderName", 60)
                .string("CustomersOrderReference", 60).string("CustomerRequisitionNumber", 20)
                .of("RequestedReceiptDate", DATE).of("RequestedShippingDate", DATE).of("PaymentTermsBaseDate", DATE)
                .enumeration("SalesOrderStatus", "SalesStatus").string("SalesOrderOriginCode", 10)
                .string("DeliveryModeCode", 10).string("DefaultShippingSiteId", 10).string("QuotationNumber", 20)
                .of("OrderTotalAmount", DECIMAL).of("TotalDiscountAmount", DECIMAL);
        delivery(b);
        if (cds) {
            b.enumeration("OrderingCustomerIsExternallyMaintained", "NoYes")
                    .enumeration("InvoiceCustomerIsExternallyMaintained", "NoYes")
                    .enumeration("SalesOrderProcessingStatus", "SalesOrderProcessingStatus").enumeration("AreTotalsUpdated", "NoYes");
        }
        return b.of(MODIFIED, DATETIME).modified(MODIFIED).build();
    }

    private static EntitySchema quotationHeaders() {
        EntitySchema.Builder b = scoped("CDSSalesQuotationHeader", "CDSSalesQuotationHeaders", "SalesQuotationNumber", 20)
                .required("RequestingCustomerAccountNumber", 20).required("CurrencyCode", 3)
                .string("SalesQuotationName", 60).string("CustomersReference", 60).of("RequestedShippingDate", DATE)
                .of("QuotationTotalAmount", DECIMAL);
        delivery(b);
        return b.of(MODIFIED, DATETIME).modified(MODIFIED).build();
    }

    private static EntitySchema invoiceHeaders() {
        EntitySchema.Builder b = scoped("SalesInvoiceHeader", "SalesInvoiceHeaders", "InvoiceNumber", 20)
                .required("InvoiceCustomerAccountNumber", 20).string("SalesOrderNumber", 20)
                .of("InvoiceDate", DATE).required("CurrencyCode", 3).of("TotalInvoiceAmount", DECIMAL)
                .of("TotalTaxAmount", DECIMAL).of("TotalDiscountAmount", DECIMAL)
                .enumeration("InvoiceCustomerIsExternallyMaintained", "NoYes");
        delivery(b);
        return b.of(MODIFIED, DATETIME).modified(MODIFIED).build();
    }

    private static EntitySchema lines(String name, String set, String header, String quantity) {
        EntitySchema.Builder b = entity(name, set).required(DATA_AREA, 4).required(header, 20)
                .field(new Field("LineCreationSequenceNumber", INT, 0, false, null))
                .key(DATA_AREA, header, "LineCreationSequenceNumber")
                .required("ProductNumber", 20).string("ProductName", 60).string("LineDescription", 1000)
                .of(quantity, DECIMAL).string("SalesUnitSymbol", 10).of("SalesPrice", DECIMAL)
                .of("LineAmount", DECIMAL).of("LineDiscountAmount", DECIMAL).of("RequestedReceiptDate", DATE)
                .string("ShippingSiteId", 10).string("ShippingWarehouseId", 10);
        delivery(b);
        return b.build();
    }
}
