package org.ferry.runtime.management;

import java.util.List;

import org.ferry.api.transform.TransformParameter;

/**
 * A deployed transform.
 *
 * @param type        the {@code transformType}
 * @param displayName its display name
 * @param description what it does
 * @param bundle      the symbolic name of the bundle that registers it
 * @param parameters  its parameters
 */
public record TransformInfo(String type, String displayName, String description, String bundle,
                            List<TransformParameter> parameters) {
}
