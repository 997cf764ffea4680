package org.ferry.connectors.cds.internal.write;

import java.util.Map;

import org.ferry.api.data.BusinessKey;

/**
 * A record of a write batch after conversion: where it sits in the batch, the key to report, the
 * organization it goes to, its canonical key text and the stored values of the fields it provides.
 */
record PreparedRecord(int index, BusinessKey reportedKey, String organization, String keyText,
                      Map<String, Object> provided) {
}
