package org.ferry.runtime.management;

import java.util.List;

import org.ferry.api.connector.ConfigField;

/**
 * A deployed connector type.
 *
 * @param type        the type id
 * @param displayName its display name
 * @param description one sentence, or {@code null}
 * @param bundle      the symbolic name of the bundle that registers it
 * @param fields      its configuration fields, in form order
 */
public record ConnectorTypeInfo(String type, String displayName, String description, String bundle,
                                List<ConfigField> fields) {
}
