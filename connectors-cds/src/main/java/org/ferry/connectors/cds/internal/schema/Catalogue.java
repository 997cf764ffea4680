package org.ferry.connectors.cds.internal.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


/**
 * The entities of one environment: the built-in ones and the custom ones created there. Immutable; an
 * environment swaps in a new catalogue when an entity is created. Names are unique regardless of case, and
 * found regardless of case, so {@code account} reaches {@code Account}.
 */
public final class Catalogue {
    private final Map<String, EntityDefinition> byLowerName;

    private Catalogue(Map<String, EntityDefinition> byLowerName) {
        this.byLowerName = byLowerName;
    }

    /** @return the catalogue of the built-in entities only */
    public static Catalogue builtIn() {
        Map<String, EntityDefinition> map = new LinkedHashMap<>();
        for (BuiltInEntity e : BuiltInCatalogue.entities()) {
            EntityDefinition d = EntityDefinition.of(e.schema(), false, n -> map.get(n.toLowerCase(Locale.ROOT)));
            map.put(d.name().toLowerCase(Locale.ROOT), d);
        }
        return new Catalogue(map);
    }

    /** @return a catalogue holding this one's entities and the given one */
    public Catalogue with(EntityDefinition added) {
        Map<String, EntityDefinition> map = new LinkedHashMap<>(byLowerName);
        if (map.putIfAbsent(added.name().toLowerCase(Locale.ROOT), added) != null) {
            throw new IllegalArgumentException("an entity named '" + added.name() + "' exists already");
        }
        return new Catalogue(map);
    }

    public Optional<EntityDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** @return the entity, or {@code null} (a resolver for {@link EntityDefinition#of}) */
    public EntityDefinition get(String name) {
        return find(name).orElse(null);
    }

    public Collection<EntityDefinition> all() {
        return byLowerName.values();
    }

    public List<EntityDefinition> scoped() {
        List<EntityDefinition> list = new ArrayList<>();
        for (EntityDefinition d : byLowerName.values()) {
            if (d.scoped()) {
                list.add(d);
            }
        }
        return list;
    }

    public EntityDefinition organization() {
        return byLowerName.get(EntityDefinition.ORGANIZATION_ENTITY.toLowerCase(Locale.ROOT));
    }
}
