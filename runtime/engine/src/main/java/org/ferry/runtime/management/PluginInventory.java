package org.ferry.runtime.management;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What is deployed: every bundle with what it contributes and what went wrong with it, and the
 * connector types, transforms and templates currently available. Also installs and removes plugins
 * through the deploy folder, so the REST API and a file drop behave the same.
 */
@ProviderType
public interface PluginInventory {

    /**
     * @return the deploy folder's plugins first (bundles, and files that are not installed with why), by symbolic
     *         name; then the built-in bundles, by symbolic name
     */
    List<PluginInfo> plugins();

    /** @return the deployed connector types, sorted by type id */
    List<ConnectorTypeInfo> connectorTypes();

    /** @return the deployed connector type, if any */
    Optional<ConnectorTypeInfo> connectorType(String type);

    /** @return the deployed transforms, sorted by type */
    List<TransformInfo> transforms();

    /** @return the deployed project templates, sorted by id */
    List<TemplateInfo> templates();

    /**
     * Stores a bundle in the deploy folder (atomically, so the folder watcher never sees half a file).
     * The framework installs it within seconds.
     *
     * @param fileName the file name to use (a plain name ending in {@code .jar})
     * @param content  the jar
     * @return the bundle's symbolic name and version as read from its manifest
     * @throws org.ferry.api.error.ConfigurationException if the name or the jar is not acceptable
     * @throws ConflictException if the jar's symbolic name is a built-in bundle's (or in the reserved {@code org.ferry.}
     *                           namespace), another deploy-folder file provides it, or the file name holds another plugin
     */
    PluginFile deploy(String fileName, InputStream content);

    /**
     * Removes the deploy-folder file that holds the bundle; the framework uninstalls it within seconds.
     *
     * @return {@code false} if no deploy-folder file holds a bundle with that symbolic name
     */
    boolean undeploy(String symbolicName);
}
