package org.ferry.connectors.cds.internal.write;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.api.data.BusinessKey;

/**
 * A record of a write batch after conversion: where it sits in the batch, the key to report, the
 * organization it goes to, its canonical key text (or {@code null} for a write by id of a record without a
 * complete key), the stored values of the fields it provides, and for a write by id the hub id it addresses
 * ({@code null} to create a record).
 */
record PreparedRecord(int index, BusinessKey reportedKey, String organization, String keyText,
                      Map<String, Object> provided, Long id) {

    /** @return this record with one provided value replaced (a lookup by id resolved to the related key) */
    PreparedRecord with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(provided);
        copy.put(field, value);
        return new PreparedRecord(index, reportedKey, organization, keyText, copy, id);
    }
}
