package org.ferry.sandbox.internal.operations;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Store;

/**
 * F&O number sequences (reference §3.4: "a SalesOrderHeaderV2 POST with only CurrencyCode,
 * InvoiceCustomerAccountNumber, OrderingCustomerAccountNumber and dataAreaId gets the order number generated").
 * A POST that leaves out the key field of a numbered entity gets the next number of the legal entity's
 * sequence: the company's prefix and a zero-padded counter ({@code US-031}, {@code SO-100013}).
 *
 * <p>Each counter starts above the highest number of its format already in the company's data, so generated
 * numbers never meet the sample's, and is kept in the {@link Store} with the rows. A number is never handed
 * out twice, also when its record is deleted or its change set rolled back: F&O's non-continuous sequences
 * leave such gaps too. Order headers share one sequence across their entity sets, which are views of one
 * table in F&O (SalesTable), so one number never names two orders.
 */
final class NumberSequences {
    /** One sequence: the key field it fills, the entity sets numbered from it, the prefix per company. */
    private record Sequence(String field, List<String> sets, Map<String, String> prefixes, int digits) {
        String prefix(String company) {
            // a company without its own format (none in the sample) numbers with its id, still distinct
            return prefixes.getOrDefault(company, company.toUpperCase(Locale.ROOT) + "-" + prefixes.get("usmf"));
        }
    }

    private static final List<Sequence> SEQUENCES = List.of(
            new Sequence("CustomerAccount", List.of("CustomersV3"), Map.of("usmf", "US-", "demf", "DE-"), 3),
            new Sequence("SalesOrderNumber", List.of("SalesOrderHeadersV2", "CDSSalesOrderHeaders"),
                    Map.of("usmf", "SO-", "demf", "DE-SO-"), 6),
            new Sequence("SalesQuotationNumber", List.of("CDSSalesQuotationHeaders"),
                    Map.of("usmf", "QT-", "demf", "DE-QT-"), 6),
            new Sequence("InvoiceNumber", List.of("SalesInvoiceHeaders"), Map.of("usmf", "CIV-", "demf", "DE-CIV-"), 6));

    private final Store store;

    /** Reads where every sequence stands now, before any request can delete a seeded row. */
    NumberSequences(Store store) {
        this.store = store;
        for (Sequence s : SEQUENCES) {
            for (String company : OperationsModel.LEGAL_ENTITIES) {
                counter(s, company);
            }
        }
    }

    /** @return the key field an entity's number sequence fills, or {@code null} if the entity has none */
    static String numberedField(EntitySchema s) {
        Sequence seq = sequence(s);
        return seq == null ? null : seq.field();
    }

    /** Fills the numbered key field of a new row that lacks it; a row of an entity without a sequence is left as is. */
    void assign(EntitySchema s, Object[] values) {
        Sequence seq = sequence(s);
        if (seq == null || values[s.indexOf(seq.field())] != null
                || !(values[s.indexOf(OperationsModel.DATA_AREA)] instanceof String given)) {
            return; // not numbered, numbered already, or no company to number in: the key check reports it
        }
        String company = given.toLowerCase(Locale.ROOT);
        long next = counter(seq, company).incrementAndGet();
        values[s.indexOf(seq.field())] = seq.prefix(company) + String.format(Locale.ROOT, "%0" + seq.digits() + "d", next);
    }

    private static Sequence sequence(EntitySchema s) {
        for (Sequence seq : SEQUENCES) {
            if (seq.sets().contains(s.setName())) {
                return seq;
            }
        }
        return null;
    }

    private AtomicLong counter(Sequence seq, String company) {
        return store.counter("number-sequence/" + seq.field() + "/" + company, () -> highest(seq, company));
    }

    private long highest(Sequence seq, String company) {
        String prefix = seq.prefix(company);
        long max = 0;
        for (String set : seq.sets()) {
            EntityTable table = store.table(set);
            EntitySchema s = table.schema();
            for (Row r : table.rowsAfter(null)) {
                if (company.equals(r.get(s, OperationsModel.DATA_AREA)) && r.get(s, seq.field()) instanceof String number
                        && number.startsWith(prefix)) {
                    max = Math.max(max, counterOf(number.substring(prefix.length())));
                }
            }
        }
        return max;
    }

    /** @return the number's counter, or 0 for a number of another format (a user's own key) */
    private static long counterOf(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(digits);
    }
}
