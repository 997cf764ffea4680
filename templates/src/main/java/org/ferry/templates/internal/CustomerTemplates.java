package org.ferry.templates.internal;

import static org.ferry.templates.internal.Mappings.mappings;
import static org.ferry.templates.internal.Roles.CDS;
import static org.ferry.templates.internal.Roles.OPERATIONS;
import static org.ferry.templates.internal.Roles.SALES;
import static org.ferry.templates.internal.Steps.constant;
import static org.ferry.templates.internal.Steps.defaultTo;
import static org.ferry.templates.internal.Steps.truncate;

import java.util.List;
import java.util.function.UnaryOperator;

import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.ferry.templates.internal.Addresses.Hub;

/**
 * Accounts and contacts from Sales to F&amp;O customers, through the CDS hub.
 *
 * <p>The F&amp;O customer defaults are the Prospect-to-Cash ones (reference §1.3): customer group 10, site 1,
 * warehouse 13, language en-us; every customer the integration creates is flagged "Is externally
 * maintained", so that F&amp;O's own P2C filters recognise it.
 */
final class CustomerTemplates {
    static final String ACCOUNTS = "p2c-accounts";
    static final String CONTACTS = "p2c-contacts";

    static final String CUSTOMER_GROUP = "10";
    static final String LANGUAGE = "en-us";
    static final String SITE = "1";
    static final String WAREHOUSE = "13";

    private CustomerTemplates() {
    }

    static ProjectTemplate accounts() {
        TaskTemplate task = new TaskTemplate("Accounts - Account - Customers", List.of(
                Legs.from(SALES, "account").to(CDS, "Account", mappings()
                        .map("AccountId", "accountnumber")
                        .map("Name", "name")
                        .map("Description", "description")
                        .map("Telephone1", "telephone1")
                        .map("Fax", "fax")
                        .map("Email", "emailaddress1")
                        .map("WebSite", "websiteurl")
                        .with(Addresses.salesToHub("address1", Hub.PRIMARY))
                        .map("CreditLimit", "creditlimit")
                        .map("CurrencyCode", "transactioncurrencyid.isocurrencycode")
                        .set("CustomerGroupId", defaultTo(CUSTOMER_GROUP))),
                Legs.from(CDS, "Account").to(OPERATIONS, "CustomersV3", mappings()
                        .map("CustomerAccount", "AccountId")
                        .set("PartyType", defaultTo("Organization"))
                        .map("OrganizationName", "Name", truncate())
                        .map("SalesMemo", "Description", truncate())
                        .map("PrimaryContactPhone", "Telephone1")
                        .map("PrimaryContactFax", "Fax")
                        .map("PrimaryContactEmail", "Email")
                        .map("PrimaryContactURL", "WebSite")
                        .with(Addresses.hubToOperations(Hub.PRIMARY, Addresses.Operations.CUSTOMER))
                        .map("CreditLimit", "CreditLimit")
                        .map("SalesCurrencyCode", "CurrencyCode")
                        .map("CustomerGroupId", "CustomerGroupId", defaultTo(CUSTOMER_GROUP))
                        .set("SiteId", defaultTo(SITE))
                        .set("WarehouseId", defaultTo(WAREHOUSE))
                        .with(customerDefaults()))));
        return new ProjectTemplate(ACCOUNTS, "Accounts (Sales to Fin and Ops)",
                "Sales accounts to the CDS Account entity, then to Finance and Operations customers (CustomersV3). "
                        + "The account number is the business key and becomes the customer account; accounts without "
                        + "an account number are not synchronized. New customers get customer group 10, site 1, "
                        + "warehouse 13, language en-us and Is externally maintained = Yes. Countries are converted "
                        + "(Sales name, CDS ISO alpha-2, F&O alpha-3 region id and alpha-2 ISO code; blank = US); the "
                        + "name is truncated to F&O's 100 characters, city, state and ZIP code to F&O's lengths.",
                Roles.THREE_WAY, List.of(task), List.of());
    }

    static ProjectTemplate contacts() {
        TaskTemplate contacts = new TaskTemplate("Contacts", List.of(
                Legs.from(SALES, "contact").to(CDS, "Contact", mappings()
                        .map("ContactId", "msdynce_contactnumber")
                        .map("FirstName", "firstname")
                        .map("LastName", "lastname")
                        .map("FullName", "fullname")
                        .map("JobTitle", "jobtitle")
                        .map("Email", "emailaddress1")
                        .map("Telephone1", "telephone1")
                        .with(Addresses.salesToHub("address1", Hub.PRIMARY))
                        .map("IsActiveCustomer", "msdynce_isactivecustomer")
                        .map("IsCompanyAnAccount", "msdynce_iscompanyanaccount")
                        .map("Account_AccountId", "parentcustomerid.Account(accountnumber)"))));
        // Direct from Sales, as the reference's ContactToCustomer: the CDS Contact has no currency, which an F&O
        // customer cannot be created without, and the rule "only active customers" is then a Sales source filter.
        TaskTemplate contactToCustomer = new TaskTemplate("ContactToCustomer", List.of(
                Legs.from(SALES, "contact").where("msdynce_isactivecustomer eq true").to(OPERATIONS, "CustomersV3",
                        mappings()
                                .map("CustomerAccount", "msdynce_contactnumber")
                                .set("PartyType", defaultTo("Person"))
                                .map("OrganizationName", "fullname", truncate())
                                .map("PrimaryContactPhone", "telephone1")
                                .map("PrimaryContactEmail", "emailaddress1")
                                .with(Addresses.salesToOperations("address1", Addresses.Operations.CUSTOMER))
                                .map("SalesCurrencyCode", "transactioncurrencyid.isocurrencycode")
                                .set("CustomerGroupId", defaultTo(CUSTOMER_GROUP))
                                .with(customerDefaults()))));
        return new ProjectTemplate(CONTACTS, "Contacts (Sales to Fin and Ops)",
                "Sales contacts to the CDS Contact entity (with their parent account), and contacts marked "
                        + "Is Active Customer = Yes directly to Finance and Operations customers (ContactToCustomer, "
                        + "filtered at the Sales source). The contact number (msdynce_contactnumber) is the business "
                        + "key; contacts without one are not synchronized. Customers made from contacts are persons "
                        + "with customer group 10, language en-us (no site or warehouse default) and Is externally maintained = Yes. Run Accounts "
                        + "first: contacts refer to their parent account by account number.",
                Roles.THREE_WAY, List.of(contacts, contactToCustomer), List.of(ACCOUNTS));
    }

    /**
     * What every F&amp;O customer the integration creates gets: the P2C language default and the flag that marks
     * it as maintained by the integration. (Site and warehouse are Accounts-only defaults: the reference's
     * ContactToCustomer leaves them undefined.)
     */
    private static UnaryOperator<Mappings> customerDefaults() {
        return m -> m.set("LanguageId", defaultTo(LANGUAGE))
                .set("IsExternallyMaintained", constant("Yes"));
    }
}
