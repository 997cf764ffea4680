package org.ferry.runtime.internal.run;

import java.util.Map;

import org.ferry.api.data.EntityRecord;
import org.ferry.runtime.internal.mapping.LegMapping;

/**
 * A mapped record waiting for its batch.
 *
 * @param sourceOrganization the unit the record came from
 * @param targetUnit         the target unit it is routed to, or {@code null}
 * @param references         on a key-map leg, the lookups to translate through key maps (see {@link LegMapping.Mapped})
 * @param source             the record as read, kept with a failure for triage
 */
record Pending(EntityRecord record, String sourceOrganization, String targetUnit,
               Map<String, LegMapping.SourceReference> references, EntityRecord source) {
}
