package org.ferry.runtime.internal.keymap;

/**
 * What a key map is the map of: records of one entity of one connection written to an entity of another.
 * Connections, not roles: the same project moved to another connection set meets other systems, whose ids
 * the old map does not know.
 */
public record KeyMapPair(String sourceConnection, String sourceEntity, String targetConnection, String targetEntity) {
}
