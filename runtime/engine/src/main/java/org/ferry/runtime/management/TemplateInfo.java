package org.ferry.runtime.management;

import org.ferry.api.template.ProjectTemplate;

/**
 * A deployed project template and the bundle that contributes it.
 *
 * @param template the template
 * @param bundle   the contributing bundle's symbolic name
 */
public record TemplateInfo(ProjectTemplate template, String bundle) {
}
