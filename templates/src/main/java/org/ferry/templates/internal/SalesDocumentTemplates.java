package org.ferry.templates.internal;

import static org.ferry.templates.internal.Mappings.mappings;
import static org.ferry.templates.internal.Roles.CDS;
import static org.ferry.templates.internal.Roles.OPERATIONS;
import static org.ferry.templates.internal.Roles.SALES;
import static org.ferry.templates.internal.SalesDocuments.DEFAULT_DATE;
import static org.ferry.templates.internal.Steps.defaultTo;

import java.util.List;

import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.ferry.templates.internal.Addresses.Hub;
import org.ferry.templates.internal.SalesDocuments.Document;

/**
 * Sales quotes and orders from Sales to F&amp;O, orders and invoices from F&amp;O to Sales, each a header task
 * and a line task through the CDS hub. The business rules that select documents are filters on the first
 * leg, the only one whose source can filter.
 */
final class SalesDocumentTemplates {
    static final String QUOTES = "p2c-quotes";
    static final String ORDERS_SALES_TO_OPERATIONS = "p2c-orders-sales-to-fo";
    static final String ORDERS_OPERATIONS_TO_SALES = "p2c-orders-fo-to-sales";
    static final String INVOICES = "p2c-invoices";

    /** Only documents whose every line is an externally maintained (F&amp;O) product go to F&amp;O. */
    static final String EXTERNAL_PRODUCTS_ONLY = "msdynce_hasexternallymaintainedproductsonly eq true";
    /** Dataverse quote states: 0 Draft, 1 Active, 2 Won, 3 Closed; a quote goes once it was activated. */
    static final String ACTIVATED_QUOTE = "statecode ne 0";
    /** The Dataverse salesorder state an order from F&amp;O gets: Active. */
    static final String ACTIVE_ORDER = "0";

    private static final String NO_YES = "Microsoft.Dynamics.DataEntities.NoYes";
    static final String ORDER_CUSTOMERS_EXTERNAL = "OrderingCustomerIsExternallyMaintained eq " + NO_YES + "'Yes'"
            + " and InvoiceCustomerIsExternallyMaintained eq " + NO_YES + "'Yes'";
    /**
     * Confirmed or later, with totals from the "Calculate sales totals" job. F&amp;O's SalesOrderProcessingStatus is an
     * enum whose first member is Active (there is no Draft), compared as a typed literal like every enum.
     */
    static final String CONFIRMED_WITH_TOTALS = "SalesOrderProcessingStatus ne "
            + "Microsoft.Dynamics.DataEntities.SalesOrderProcessingStatus'Active' and AreTotalsUpdated eq " + NO_YES + "'Yes'";
    static final String INVOICE_CUSTOMER_EXTERNAL = "InvoiceCustomerIsExternallyMaintained eq " + NO_YES + "'Yes'";

    private SalesDocumentTemplates() {
    }

    static ProjectTemplate quotes() {
        Document d = Document.QUOTATION;
        TaskTemplate header = new TaskTemplate("QuoteHeader", List.of(
                Legs.from(SALES, d.salesHeader()).where("(" + EXTERNAL_PRODUCTS_ONLY + ") and (" + ACTIVATED_QUOTE + ")")
                        .to(CDS, d.hubHeader(), mappings().with(SalesDocuments.salesHeaderToHub(d))),
                Legs.from(CDS, d.hubHeader()).to(OPERATIONS, d.operations().header(),
                        mappings().with(SalesDocuments.hubHeaderToOperations(d)))));
        return new ProjectTemplate(QUOTES, "Sales quotes (Sales to Fin and Ops)",
                "Activated Sales quotes (not Draft) whose products are all externally maintained (Has Externally "
                        + "Maintained Products Only), with their lines, to the CDS Quotation entities, then to Finance "
                        + "and Operations sales quotations. The quote number is the business key; the customer is the "
                        + "account (by account number) or contact (by contact number). A blank delivery country "
                        + "becomes US, a missing requested delivery date 1/1/2020. Run Products and Accounts first.",
                Roles.THREE_WAY, List.of(header, lines("QuoteLine", d, EXTERNAL_PRODUCTS_ONLY, ACTIVATED_QUOTE)),
                List.of(ProductTemplates.PRODUCTS, CustomerTemplates.ACCOUNTS));
    }

    static ProjectTemplate ordersSalesToOperations() {
        Document d = Document.ORDER;
        TaskTemplate header = new TaskTemplate("OrderHeader", List.of(
                Legs.from(SALES, d.salesHeader()).where(EXTERNAL_PRODUCTS_ONLY).to(CDS, d.hubHeader(), mappings()
                        .with(SalesDocuments.salesHeaderToHub(d))
                        .map("OrderDate", "submitdate", defaultTo(DEFAULT_DATE))),
                Legs.from(CDS, d.hubHeader()).to(OPERATIONS, d.operations().header(), mappings()
                        .with(SalesDocuments.hubHeaderToOperations(d))
                        .map("TotalDiscountAmount", "TotalDiscountAmount")
                        .map("PaymentTermsBaseDate", "OrderDate"))));
        return new ProjectTemplate(ORDERS_SALES_TO_OPERATIONS, "Sales orders (Sales to Fin and Ops)",
                "Active Sales orders whose products are all externally maintained (Has Externally Maintained "
                        + "Products Only), with their lines, to the CDS SalesOrder entities, then to Finance and "
                        + "Operations sales orders (CDS sales order headers and lines). The order number is the "
                        + "business key; the customer is the account (by account number) or contact (by contact "
                        + "number). A blank delivery country becomes US, a missing order date or requested delivery "
                        + "date 1/1/2020. Payment terms, delivery terms and modes are not mapped. Run Products and "
                        + "Accounts first.",
                Roles.THREE_WAY, List.of(header, lines("OrderLine", d, EXTERNAL_PRODUCTS_ONLY)),
                List.of(ProductTemplates.PRODUCTS, CustomerTemplates.ACCOUNTS));
    }

    static ProjectTemplate ordersOperationsToSales() {
        Document d = Document.ORDER;
        TaskTemplate header = new TaskTemplate("OrderHeader", List.of(
                Legs.from(OPERATIONS, d.operations().header()).where(ORDER_CUSTOMERS_EXTERNAL + " and " + CONFIRMED_WITH_TOTALS)
                        .to(CDS, d.hubHeader(), mappings()
                                .with(SalesDocuments.operationsHeaderToHub(d))
                                .map("Name", d.operations().name())
                                .map("RequestedDeliveryDate", "RequestedShippingDate")
                                .with(Addresses.operationsToHub(Addresses.Operations.DELIVERY, Hub.DELIVERY))),
                Legs.from(CDS, d.hubHeader()).to(SALES, d.salesHeader(), mappings()
                        .with(SalesDocuments.hubHeaderToSales(d))
                        .map("requestdeliveryby", "RequestedDeliveryDate")
                        .with(Addresses.hubToSales(Hub.DELIVERY, "shipto"))
                        .map("statecode", "Status", defaultTo(ACTIVE_ORDER)))));
        return new ProjectTemplate(ORDERS_OPERATIONS_TO_SALES, "Sales orders (Fin and Ops to Sales)",
                "Finance and Operations sales orders whose ordering and invoice customers are externally maintained, "
                        + "confirmed or later, with sales totals calculated (run the Calculate sales totals job), with "
                        + "their lines, to the CDS SalesOrder entities, then to Sales orders, created Active. The "
                        + "order number is the business key and must be unique across legal entities. Run Products "
                        + "and Accounts first.",
                Roles.THREE_WAY, List.of(header, reverseLines("OrderLine", d)),
                List.of(ProductTemplates.PRODUCTS, CustomerTemplates.ACCOUNTS));
    }

    static ProjectTemplate invoices() {
        Document d = Document.INVOICE;
        TaskTemplate header = new TaskTemplate("SalesInvoiceHeader", List.of(
                Legs.from(OPERATIONS, d.operations().header()).where(INVOICE_CUSTOMER_EXTERNAL)
                        .to(CDS, d.hubHeader(), mappings()
                                .with(SalesDocuments.operationsHeaderToHub(d))
                                .map("Name", d.operations().number())
                                .map("InvoiceDate", "InvoiceDate")
                                .map("TotalTaxAmount", "TotalTaxAmount")
                                .map("SalesOrder_SalesOrderId", "SalesOrderNumber")),
                Legs.from(CDS, d.hubHeader()).to(SALES, d.salesHeader(), mappings()
                        .with(SalesDocuments.hubHeaderToSales(d))
                        .map("salesorderid", "SalesOrder_SalesOrderId"))));
        return new ProjectTemplate(INVOICES, "Sales invoices (Fin and Ops to Sales)",
                "Finance and Operations sales invoices of externally maintained customers, with their lines, to the "
                        + "CDS Invoice entities, then to Sales invoices, linked to their sales order. The invoice "
                        + "number is the business key. Run Products, Accounts, Contacts and Sales orders (Fin and Ops "
                        + "to Sales) first, so that customers, products and orders exist in Sales.",
                Roles.THREE_WAY, List.of(header, reverseLines("SalesInvoiceLine", d)),
                List.of(ProductTemplates.PRODUCTS, CustomerTemplates.ACCOUNTS, CustomerTemplates.CONTACTS,
                        ORDERS_OPERATIONS_TO_SALES));
    }

    /** Lines from Sales to F&amp;O. */
    /**
     * Lines from Sales, selected by their header's rules through the header's navigation property
     * ({@code salesorderid/msdynce_hasexternallymaintainedproductsonly eq true}), as Dataverse filters allow,
     * so the lines of a header the rules leave out are left out too instead of failing for a missing header.
     */
    private static TaskTemplate lines(String name, Document d, String... headerRules) {
        String filter = java.util.Arrays.stream(headerRules).map(rule -> "(" + d.salesLineHeader() + "/" + rule + ")")
                .collect(java.util.stream.Collectors.joining(" and "));
        return new TaskTemplate(name, List.of(
                Legs.from(SALES, d.salesLine()).where(filter).to(CDS, d.hubLine(), mappings().with(SalesDocuments.salesLineToHub(d))),
                Legs.from(CDS, d.hubLine()).to(OPERATIONS, d.operations().line(),
                        mappings().with(SalesDocuments.hubLineToOperations(d)))));
    }

    /** Lines from F&amp;O to Sales. */
    private static TaskTemplate reverseLines(String name, Document d) {
        return new TaskTemplate(name, List.of(
                Legs.from(OPERATIONS, d.operations().line()).to(CDS, d.hubLine(),
                        mappings().with(SalesDocuments.operationsLineToHub(d))),
                Legs.from(CDS, d.hubLine()).to(SALES, d.salesLine(), mappings().with(SalesDocuments.hubLineToSales(d)))));
    }
}
