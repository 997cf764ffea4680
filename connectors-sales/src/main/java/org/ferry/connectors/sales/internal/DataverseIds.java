package org.ferry.connectors.sales.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.error.RecordException;

/**
 * Record ids (GUIDs) as writes by id use them: checked before they go into a URL, and read back from the
 * {@code OData-EntityId} or {@code Location} a write answers with.
 */
final class DataverseIds {
    static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** The key predicate closing an entity URL: {@code accounts(<guid>)} or {@code accounts(accountid=<guid>)}. */
    private static final Pattern ENTITY_ID = Pattern.compile(
            "\\((?:[A-Za-z0-9_]+=)?(" + GUID.pattern() + ")\\)/?$");

    private DataverseIds() {
    }

    /**
     * @param field the field at fault for the message, or {@code null} for the record's own id
     * @return the id, when it is a GUID; ids come from a key map or a reference, so anything else must not
     *         reach a URL
     * @throws RecordException if it is not a GUID
     */
    static String check(String field, String id) {
        if (id == null || !GUID.matcher(id).matches()) {
            throw new RecordException(field, "'" + id + "' is not a Dataverse record id (a GUID)"
                    + (field == null ? "" : " for " + field));
        }
        return id;
    }

    /**
     * @param entityUrl an {@code OData-EntityId} or {@code Location} header, or {@code null}
     * @return the GUID it ends with, as the server wrote it, or {@code null} when it names the record another
     *         way (by alternate key) or is absent
     */
    static String fromEntityUrl(String entityUrl) {
        if (entityUrl == null) {
            return null;
        }
        Matcher m = ENTITY_ID.matcher(entityUrl.trim());
        return m.find() ? m.group(1) : null;
    }
}
