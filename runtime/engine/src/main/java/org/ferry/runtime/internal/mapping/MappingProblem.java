package org.ferry.runtime.internal.mapping;

/**
 * Why a leg's mapping cannot be compiled.
 *
 * @param field   the field at fault (target field, or the source path), or {@code null}
 * @param message what is wrong
 */
public record MappingProblem(String field, String message) {
}
