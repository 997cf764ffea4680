package org.ferry.runtime.management;

import org.ferry.api.template.ProjectTemplate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Templates saved from projects ("Save as template"): they appear among the deployed templates, usable
 * for new projects like any bundle's, and can be removed. Templates contributed by bundles are not
 * managed here.
 */
@ProviderType
public interface TemplateService {

    /**
     * Saves a project's tasks as a template. The template's roles are the roles the tasks use, each with
     * the connector type of the project's connection in that role.
     *
     * @param id   the new template's id (letters, digits, '.', '-', '_'), unique among all templates
     * @param name its display name
     * @throws org.ferry.api.error.ConfigurationException for a taken or malformed id
     */
    ProjectTemplate saveProject(String projectId, String id, String name, String description, Actor actor);

    /** @return {@code false} if no saved template has that id */
    boolean delete(String id, Actor actor);
}
