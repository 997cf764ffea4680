/**
 * Project templates: blueprints of tasks and field mappings that bundles contribute.
 *
 * <p>A bundle registers a {@link org.ferry.api.template.TemplateProvider}; admins create projects from
 * its {@link org.ferry.api.template.ProjectTemplate}s. A template names the connection roles it needs
 * and the connector type of each, and its tasks' legs, entities and field mappings.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.ferry.api.template;
