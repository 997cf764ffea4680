package org.ferry.connectors.cds.internal.schema;

import static org.ferry.connectors.cds.internal.schema.EntityBuilder.entity;

import java.util.List;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;

/**
 * The Common Data Service 1.0 entities the 2017 Prospect-to-Cash three-way templates write through.
 *
 * <p>Field names follow the template mappings ({@code Organization_OrganizationId}, {@code Account_AccountId},
 * {@code DeliveryAddress_City}, {@code SellingUnitPrice_CurrencyCode}); lengths follow the Dataverse
 * attributes they are synchronised with (account number 20, account name 160, quote and order name 300,
 * product name 100, description 2000), so a value the real service would refuse is refused here too.
 * Every entity except Organization is scoped by {@code Organization_OrganizationId}, and its business key
 * is unique within an organization. Lines are keyed by their header and {@code Sequence}, which is what F&amp;O
 * keys lines by (order number and line creation sequence number).
 *
 * <p>Each entity and field records the schema version it first appeared in; adding a field later means
 * declaring it with the new version, and {@code SchemaMigrations} derives the ALTER TABLE from that.
 */
public final class BuiltInCatalogue {
    /** The schema version the built-in entities are at. */
    public static final int VERSION = 1;

    private static final List<BuiltInEntity> ENTITIES = List.of(
            entity(EntityDefinition.ORGANIZATION_ENTITY, "Organization", 1).unscoped()
                    .key(FieldSchema.text("OrganizationId", 20).withLabel("Organization ID"))
                    .requiredText("Name", 160)
                    .text("Description", 2000)
                    .build(),
            entity("Account", "Account", 1)
                    .key(FieldSchema.text("AccountId", 20).withLabel("Account number"))
                    .requiredText("Name", 160)
                    .text("Description", 2000)
                    .text("Telephone1", 50).text("Fax", 50).text("Email", 100).text("WebSite", 200)
                    .text("Address1_Line1", 250).text("Address1_Line2", 250).text("Address1_City", 80)
                    .text("Address1_StateOrProvince", 50).text("Address1_PostalCode", 20)
                    .text("Address1_Country", 80)
                    .decimal("CreditLimit").text("CurrencyCode", 3)
                    .text("CustomerGroupId", 10)
                    .build(),
            entity("Contact", "Contact", 1)
                    .key(FieldSchema.text("ContactId", 20).withLabel("Contact number"))
                    .text("FirstName", 50).text("MiddleName", 50).requiredText("LastName", 50)
                    .text("FullName", 160).text("JobTitle", 100)
                    .text("Email", 100).text("Telephone1", 50).text("MobilePhone", 50)
                    .text("Address1_Line1", 250).text("Address1_Line2", 250).text("Address1_City", 80)
                    .text("Address1_StateOrProvince", 50).text("Address1_PostalCode", 20)
                    .text("Address1_Country", 80)
                    .of("IsActiveCustomer", ValueType.BOOLEAN).of("IsCompanyAnAccount", ValueType.BOOLEAN)
                    .lookup("Account_AccountId", "Account")
                    .build(),
            entity("Product", "Product", 1)
                    .key(FieldSchema.text("ProductId", 40).withLabel("Product number"))
                    .requiredText("Name", 100)
                    .text("Description", 2000)
                    .text("ProductType", 40)
                    .text("DefaultSellingQuantity_UOM", 20)
                    .money("SellingUnitPrice")
                    .money("StandardCostAmount")
                    .of("IsStocked", ValueType.BOOLEAN)
                    .build(),
            header(entity("Quotation", "Quotation", 1)
                    .key(FieldSchema.text("QuotationId", 40).withLabel("Quotation number")), "QuotationDate")
                    .build(),
            line(entity("QuotationLine", "Quotation line", 1), "Quotation_QuotationId", "Quotation")
                    .of("RequestedDeliveryDate", ValueType.DATE)
                    .address("DeliveryPostalAddress")
                    .build(),
            header(entity("SalesOrder", "Sales order", 1)
                    .key(FieldSchema.text("SalesOrderId", 40).withLabel("Sales order number")), "OrderDate")
                    .build(),
            line(entity("SalesOrderLine", "Sales order line", 1), "SalesOrder_SalesOrderId", "SalesOrder")
                    .of("RequestedDeliveryDate", ValueType.DATE)
                    .address("DeliveryPostalAddress")
                    .build(),
            entity("Invoice", "Invoice", 1)
                    .key(FieldSchema.text("InvoiceId", 40).withLabel("Invoice number"))
                    .text("Name", 300).text("Description", 2000)
                    .of("InvoiceDate", ValueType.DATE).of("DueDate", ValueType.DATE)
                    .of("Status", ValueType.INTEGER)
                    .money("TotalAmount").decimal("TotalTaxAmount")
                    .decimal("DiscountAmount").decimal("TotalDiscountAmount")
                    .address("BillingAddress")
                    .requiredLookup("Account_AccountId", "Account")
                    .lookup("SalesOrder_SalesOrderId", "SalesOrder")
                    .build(),
            line(entity("InvoiceLine", "Invoice line", 1), "Invoice_InvoiceId", "Invoice")
                    .build());

    private BuiltInCatalogue() {
    }

    /** @return the built-in entities, referenced entities before the entities that refer to them */
    public static List<BuiltInEntity> entities() {
        return ENTITIES;
    }

    /** Quotation and sales order headers share their shape in the templates. */
    private static EntityBuilder header(EntityBuilder b, String dateField) {
        return b.text("Name", 300).text("Description", 2000)
                .of(dateField, ValueType.DATE).of("RequestedDeliveryDate", ValueType.DATE)
                .of("Status", ValueType.INTEGER)
                .money("TotalAmount")
                .decimal("DiscountAmount").decimal("TotalDiscountAmount")
                .address("DeliveryAddress")
                .requiredLookup("Account_AccountId", "Account");
    }

    private static EntityBuilder line(EntityBuilder b, String headerField, String headerEntity) {
        return b.key(FieldSchema.lookup(headerField, headerEntity))
                .key(FieldSchema.of("Sequence", ValueType.INTEGER).withLabel("Line sequence number"))
                .lookup("Product_ProductId", "Product")
                .text("Description", 2000)
                .decimal("Quantity").text("Quantity_UOM", 20)
                .money("UnitPrice").money("LineAmount").money("DiscountAmount");
    }
}
