package org.ferry.api.template;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes project templates. Register it as an OSGi service; the engine lists the templates of every
 * registered provider. Thread-safe; the list may be cached by the engine while the service is registered.
 */
@ConsumerType
public interface TemplateProvider {

    /** @return the templates; their ids are unique across all providers (prefix them with your bundle's name) */
    List<ProjectTemplate> templates();
}
