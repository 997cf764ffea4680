package org.ferry.templates.internal;

import java.util.List;

import org.ferry.api.template.LegTemplate;

/**
 * Builds one leg: the entity read in one role, the entity written in another, the source filter. The
 * business key is left empty so the engine uses the destination entity's own key (or the connection
 * set's integration key), which is what the Prospect-to-Cash templates rely on.
 */
final class Legs {
    private final String sourceRole;
    private final String sourceEntity;
    private String filter;

    private Legs(String sourceRole, String sourceEntity) {
        this.sourceRole = sourceRole;
        this.sourceEntity = sourceEntity;
    }

    static Legs from(String role, String entity) {
        return new Legs(role, entity);
    }

    /**
     * An OData filter evaluated by the source system. The templates put their rules on a task's first leg,
     * so records that fail them never leave the source (Sales and F&amp;O evaluate filters themselves; the
     * CDS hub cannot) and the hub holds only the records that passed.
     */
    Legs where(String odataFilter) {
        this.filter = odataFilter;
        return this;
    }

    LegTemplate to(String role, String entity, Mappings mappings) {
        return new LegTemplate(sourceRole, sourceEntity, role, entity, mappings.build(), filter, List.of(), false);
    }
}
