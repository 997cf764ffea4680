package org.ferry.templates.internal;

import static org.ferry.templates.internal.Steps.constant;
import static org.ferry.templates.internal.Steps.defaultTo;
import static org.ferry.templates.internal.Steps.truncate;
import static org.ferry.templates.internal.Steps.valueMap;

import java.util.function.UnaryOperator;

import org.ferry.templates.internal.Addresses.Hub;

/**
 * Quotations, sales orders and invoices share their shape in all three systems: a header with a customer,
 * totals and a delivery address, and lines keyed by header number and line sequence. {@link Document}
 * names each kind's entities and fields; the fragments here map headers and lines for any kind, in each
 * direction the templates need.
 */
final class SalesDocuments {
    /**
     * The customer of a Sales document is an account or a contact (a polymorphic lookup): the hub's account
     * reference takes the account number, or the contact number for a contact that is an F&amp;O customer.
     */
    static final String SALES_CUSTOMER = "customerid.Account(accountnumber).Contact(msdynce_contactnumber)";
    static final String TRANSACTION_CURRENCY = "transactioncurrencyid.isocurrencycode";
    /** The 2017 templates' default for a missing requested delivery date or order date (1/1/2020). */
    static final String DEFAULT_DATE = "1/1/2020";

    /** The F&amp;O entities of one document kind and the fields whose names differ between kinds. */
    record Operations(String header, String number, String customer, String name, String total, String line,
                      String lineQuantity) {
    }

    /**
     * One kind of sales document in the three systems.
     *
     * @param delivery whether the hub's header and lines carry a requested delivery date and a delivery
     *                 address (quotations and orders do, invoices do not)
     */
    record Document(String salesHeader, String salesNumber, String salesLine, String salesLineHeader,
                    String hubHeader, String hubNumber, String hubLine, String hubLineHeader,
                    Operations operations, boolean delivery) {

        static final Document QUOTATION = new Document("quote", "quotenumber", "quotedetail", "quoteid",
                "Quotation", "QuotationId", "QuotationLine", "Quotation_QuotationId",
                new Operations("CDSSalesQuotationHeaders", "SalesQuotationNumber", "RequestingCustomerAccountNumber",
                        "SalesQuotationName", "QuotationTotalAmount", "CDSSalesQuotationLines", "RequestedSalesQuantity"),
                true);
        static final Document ORDER = new Document("salesorder", "ordernumber", "salesorderdetail", "salesorderid",
                "SalesOrder", "SalesOrderId", "SalesOrderLine", "SalesOrder_SalesOrderId",
                new Operations("CDSSalesOrderHeaders", "SalesOrderNumber", "OrderingCustomerAccountNumber",
                        "SalesOrderName", "OrderTotalAmount", "CDSSalesOrderLines", "OrderedSalesQuantity"),
                true);
        static final Document INVOICE = new Document("invoice", "invoicenumber", "invoicedetail", "invoiceid",
                "Invoice", "InvoiceId", "InvoiceLine", "Invoice_InvoiceId",
                new Operations("SalesInvoiceHeaders", "InvoiceNumber", "InvoiceCustomerAccountNumber", null,
                        "TotalInvoiceAmount", "SalesInvoiceLines", "InvoicedQuantity"),
                false);

        /** The hub line's header reference read as the header's number. */
        String hubLineHeaderNumber() {
            return hubLineHeader + "." + hubNumber;
        }
    }

    private SalesDocuments() {
    }

    /** A Sales quote or order header into the hub (the 2017 field pairs, OCR-SO and OCR-QUO). */
    static UnaryOperator<Mappings> salesHeaderToHub(Document d) {
        return m -> m.map(d.hubNumber(), d.salesNumber())
                .map("Name", "name")
                .map("Description", "description")
                .map("RequestedDeliveryDate", "requestdeliveryby", defaultTo(DEFAULT_DATE))
                .map("Status", "statecode")
                .map("TotalAmount", "totalamount")
                .map("TotalAmount_CurrencyCode", TRANSACTION_CURRENCY)
                .map("DiscountAmount", "discountamount")
                .map("TotalDiscountAmount", "totaldiscountamount")
                .with(Addresses.salesToHub("shipto", Hub.DELIVERY))
                .map("Account_AccountId", SALES_CUSTOMER);
    }

    /** A hub quotation or order header into F&amp;O; the delivery address is the document's own. */
    static UnaryOperator<Mappings> hubHeaderToOperations(Document d) {
        Operations fo = d.operations();
        return m -> m.map(fo.number(), d.hubNumber())
                .map(fo.customer(), "Account_AccountId.AccountId")
                .map("CurrencyCode", "TotalAmount_CurrencyCode")
                .map(fo.name(), "Name", truncate())
                .map("RequestedShippingDate", "RequestedDeliveryDate")
                .map(fo.total(), "TotalAmount")
                .with(Addresses.hubToOperations(Hub.DELIVERY, Addresses.Operations.DELIVERY))
                .set("IsDeliveryAddressOrderSpecific", constant("Yes"));
    }

    /** An F&amp;O header's customer, currency and totals into the hub. */
    static UnaryOperator<Mappings> operationsHeaderToHub(Document d) {
        Operations fo = d.operations();
        return m -> m.map(d.hubNumber(), fo.number())
                .map("Account_AccountId", fo.customer())
                .map("TotalAmount", fo.total())
                .map("TotalAmount_CurrencyCode", "CurrencyCode")
                .map("TotalDiscountAmount", "TotalDiscountAmount");
    }

    /**
     * A hub header's number, customer, currency and totals into Sales: the fields an F&amp;O document fills
     * in the hub, and no others, so that Sales fields F&amp;O knows nothing of are not cleared.
     */
    static UnaryOperator<Mappings> hubHeaderToSales(Document d) {
        return m -> m.map(d.salesNumber(), d.hubNumber())
                .map("name", "Name")
                .map("customerid", "Account_AccountId")
                .map("transactioncurrencyid", "TotalAmount_CurrencyCode")
                .map("totalamount", "TotalAmount")
                .map("totaldiscountamount", "TotalDiscountAmount");
    }

    /** A Sales line into the hub: keyed by its header's number and its sequence number. */
    static UnaryOperator<Mappings> salesLineToHub(Document d) {
        return m -> {
            m.map(d.hubLineHeader(), d.salesLineHeader() + "." + d.salesNumber())
                    .map("Sequence", "sequencenumber")
                    .map("Product_ProductId", "productid.productnumber")
                    .map("Description", "description")
                    .map("Quantity", "quantity")
                    .map("UnitPrice", "priceperunit")
                    .map("UnitPrice_CurrencyCode", TRANSACTION_CURRENCY)
                    .map("LineAmount", "extendedamount")
                    .map("LineAmount_CurrencyCode", TRANSACTION_CURRENCY)
                    .map("DiscountAmount", "manualdiscountamount")
                    .map("DiscountAmount_CurrencyCode", TRANSACTION_CURRENCY);
            return d.delivery() ? m.map("RequestedDeliveryDate", "requestdeliveryby") : m;
        };
    }

    /** A hub line into F&amp;O; units go back from Sales names to F&amp;O symbols. */
    static UnaryOperator<Mappings> hubLineToOperations(Document d) {
        Operations fo = d.operations();
        return m -> {
            m.map(fo.number(), d.hubLineHeaderNumber())
                    .map("LineCreationSequenceNumber", "Sequence")
                    .map("ProductNumber", "Product_ProductId.ProductId")
                    .map("LineDescription", "Description", truncate())
                    .map(fo.lineQuantity(), "Quantity")
                    .map("SalesUnitSymbol", "Quantity_UOM", valueMap(Steps.inverse(Steps.OPERATIONS_UNIT_TO_SALES_UOM)))
                    .map("SalesPrice", "UnitPrice")
                    .map("LineAmount", "LineAmount")
                    .map("LineDiscountAmount", "DiscountAmount");
            return !d.delivery() ? m : m.map("RequestedReceiptDate", "RequestedDeliveryDate")
                    .with(Addresses.hubToOperations(Hub.LINE_DELIVERY, Addresses.Operations.DELIVERY));
        };
    }

    /** An F&amp;O line into the hub; F&amp;O unit symbols become Sales unit names. */
    static UnaryOperator<Mappings> operationsLineToHub(Document d) {
        Operations fo = d.operations();
        return m -> {
            m.map(d.hubLineHeader(), fo.number())
                    .map("Sequence", "LineCreationSequenceNumber")
                    .map("Product_ProductId", "ProductNumber")
                    .map("Description", "LineDescription")
                    .map("Quantity", fo.lineQuantity())
                    .map("Quantity_UOM", "SalesUnitSymbol", valueMap(Steps.OPERATIONS_UNIT_TO_SALES_UOM))
                    .map("UnitPrice", "SalesPrice")
                    .map("LineAmount", "LineAmount")
                    .map("DiscountAmount", "LineDiscountAmount");
            return !d.delivery() ? m : m.map("RequestedDeliveryDate", "RequestedReceiptDate")
                    .with(Addresses.operationsToHub(Addresses.Operations.DELIVERY, Hub.LINE_DELIVERY));
        };
    }

    /** A hub line into Sales, attached to its header and product by their numbers. */
    static UnaryOperator<Mappings> hubLineToSales(Document d) {
        return m -> {
            m.map(d.salesLineHeader(), d.hubLineHeader())
                    .map("sequencenumber", "Sequence")
                    .map("productid", "Product_ProductId")
                    .map("description", "Description")
                    .map("quantity", "Quantity")
                    .map("priceperunit", "UnitPrice")
                    .map("extendedamount", "LineAmount")
                    .map("manualdiscountamount", "DiscountAmount");
            return d.delivery() ? m.map("requestdeliveryby", "RequestedDeliveryDate") : m;
        };
    }
}
