package org.ferry.sandbox.internal.dataverse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Seeder;
import org.ferry.sandbox.internal.data.Seeder.RowBuilder;

/** Quotes, orders and invoices with their lines, priced from the seeded products. */
final class DataverseSalesDocuments {
    private final DataverseSeed seed;
    private final Seeder seeder;

    DataverseSalesDocuments(DataverseSeed seed, Seeder seeder) {
        this.seed = seed;
        this.seeder = seeder;
    }

    void load(int quotes, int orders, int invoices) {
        for (int i = 0; i < quotes; i++) {
            document("quotes", "quotedetails", "quoteid", "quotenumber", String.format("QUO-%05d-%s", 1000 + i, seeder.suffix()),
                    i, 2, 1);
        }
        String[] orderIds = new String[orders];
        for (int i = 0; i < orders; i++) {
            orderIds[i] = document("salesorders", "salesorderdetails", "salesorderid", "ordernumber",
                    String.format("ORD-%05d-%s", 1000 + i, seeder.suffix()), i, 2 + i % 2, i % 3 == 2 ? 2 : 1);
        }
        for (int i = 0; i < Math.min(invoices, orders); i++) {
            String invoice = document("invoices", "invoicedetails", "invoiceid", "invoicenumber",
                    String.format("INV-%05d-%s", 1000 + i, seeder.suffix()), i, 2, 2);
            Row r = seed.storeTable("invoices").get(invoice);
            Object[] v = r.copyValues();
            v[seed.storeTable("invoices").schema().indexOf("_salesorderid_value")] = orderIds[i];
            seed.storeTable("invoices").put(invoice, v);
        }
    }

    /**
     * Adds one header with lines.
     *
     * @param state statecode: 0 draft/active, 1 active/submitted, 2 won/fulfilled (as in the tables' option sets)
     */
    String generateOrder(String number, String customer, int n) {
        return header("salesorders", "salesorderdetails", "salesorderid", "ordernumber", number, customer, n, 2, 1);
    }

    private String document(String set, String lineSet, String parent, String numberField, String number, int n,
                            int lines, int state) {
        String customer = seed.accounts.get((n * 7) % (seed.accounts.size() - 3));
        return header(set, lineSet, parent, numberField, number, customer, n, lines, state);
    }

    private String header(String set, String lineSet, String parent, String numberField, String number, String customer,
                          int n, int lines, int state) {
        String id = seeder.guid();
        BigDecimal total = BigDecimal.ZERO;
        for (int l = 1; l <= lines; l++) {
            String product = seed.products.get((n * 3 + l) % seed.products.size());
            Row p = seed.storeTable("products").get(product);
            BigDecimal price = (BigDecimal) p.get(seed.storeTable("products").schema(), "price");
            BigDecimal quantity = BigDecimal.valueOf(1 + (n + l) % 5);
            BigDecimal amount = price.multiply(quantity).setScale(2, RoundingMode.HALF_UP);
            total = total.add(amount);
            RowBuilder line = seed.row(lineSet, seeder.guid(), DataverseSeed.US_BUSINESS_UNIT)
                    .set(lineSet.substring(0, lineSet.length() - 1) + "name",
                            p.get(seed.storeTable("products").schema(), "name"))
                    .set("quantity", quantity).set("priceperunit", price).set("extendedamount", amount)
                    .set("manualdiscountamount", BigDecimal.ZERO).set("sequencenumber", l)
                    .set("requestdeliveryby", LocalDate.of(2025, 1 + n % 12, 1 + n % 28).toString())
                    .set("_" + parent + "_value", id).set("_productid_value", product)
                    .set("_uomid_value", seed.primaryUnit).set("_transactioncurrencyid_value", seed.usd);
            seed.put(lineSet, line);
        }
        String[] city = DataverseSeed.CITIES[n % DataverseSeed.CITIES.length];
        RowBuilder h = seed.row(set, id, DataverseSeed.US_BUSINESS_UNIT).set(numberField, number)
                .set("name", "P2C " + set.substring(0, set.length() - 1) + " " + (n + 1))
                .set("totalamount", total).set("totaldiscountamount", BigDecimal.ZERO).set("discountamount", BigDecimal.ZERO)
                .set("statecode", state).set("statuscode", state + 1)
                .set("requestdeliveryby", LocalDate.of(2025, 1 + n % 12, 1 + n % 28).toString())
                .set("msdynce_hasexternallymaintainedproductsonly", n % 4 != 3)
                .set("shipto_line1", (100 + n) + " Harbor Road").set("shipto_city", city[0])
                .set("shipto_stateorprovince", city[1]).set("shipto_postalcode", city[2]).set("shipto_country", city[3])
                .set("_customerid_value", customer).set("_pricelevelid_value", seed.priceList)
                .set("_transactioncurrencyid_value", seed.usd);
        if (set.equals("salesorders")) {
            h.set("submitdate", seeder.nextTimestamp());
        }
        seed.put(set, h);
        return id;
    }
}
