package org.ferry.templates.internal;

import static org.ferry.templates.internal.Mappings.mappings;
import static org.ferry.templates.internal.Roles.CDS;
import static org.ferry.templates.internal.Roles.OPERATIONS;
import static org.ferry.templates.internal.Roles.SALES;
import static org.ferry.templates.internal.Steps.constant;
import static org.ferry.templates.internal.Steps.defaultTo;
import static org.ferry.templates.internal.Steps.noYesToBoolean;
import static org.ferry.templates.internal.Steps.valueMap;

import java.util.List;

import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;

/**
 * Products from F&amp;O's sellable released products to Sales, through the CDS hub, with the field pairs of
 * the 2017 template (reference §1.3, OCR-PRD).
 */
final class ProductTemplates {
    static final String PRODUCTS = "p2c-products";

    private ProductTemplates() {
    }

    static ProjectTemplate products() {
        TaskTemplate task = new TaskTemplate("Products", List.of(
                Legs.from(OPERATIONS, "SellableReleasedProducts").to(CDS, "Product", mappings()
                        .map("ProductId", "ProductNumber")
                        .map("Name", "ProductName")
                        .map("Description", "ProductDescription")
                        .map("ProductType", "ProductType")
                        .map("DefaultSellingQuantity_UOM", "SalesUnitSymbol", valueMap(Steps.OPERATIONS_UNIT_TO_SALES_UOM))
                        .map("SellingUnitPrice", "SalesPrice")
                        .map("SellingUnitPrice_CurrencyCode", "CurrencyCode")
                        .map("StandardCostAmount", "UnitCost")
                        .map("StandardCostAmount_CurrencyCode", "CurrencyCode")
                        .map("IsStocked", "IsStockedProduct", noYesToBoolean())),
                Legs.from(CDS, "Product").to(SALES, "product", mappings()
                        .map("productnumber", "ProductId")
                        .map("name", "Name")
                        .map("description", "Description")
                        .map("producttypecode", "ProductType", valueMap(Steps.PRODUCT_TYPE_TO_SALES))
                        .map("price", "SellingUnitPrice")
                        .map("transactioncurrencyid", "SellingUnitPrice_CurrencyCode")
                        .map("currentcost", "StandardCostAmount")
                        .map("isstockitem", "IsStocked")
                        .set("quantitydecimal", defaultTo("0"))
                        .set("msdynce_ismaintainedexternally", constant("true")))));
        return new ProjectTemplate(PRODUCTS, "Products (Fin and Ops to Sales)",
                "Finance and Operations sellable released products to the CDS Product entity, then to Sales "
                        + "products. The product number is the business key, so each variant becomes its own Sales "
                        + "product; the product is unique only if its number is unique across legal entities. Every "
                        + "product written to Sales is marked Is Externally Maintained (msdynce_ismaintainedexternally), "
                        + "which quotes and orders require. F&O unit symbols become Sales unit names (ea = Primary "
                        + "Unit), product types Sales product type codes (Item = Sales Inventory, Service = Services), "
                        + "the decimals supported default to 0. In F&O, run the \"Populate distinct product table\" "
                        + "job once before the first run.",
                Roles.THREE_WAY, List.of(task), List.of());
    }
}
