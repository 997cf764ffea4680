package org.ferry.runtime.management;

/**
 * A plugin stored in the deploy folder.
 *
 * @param fileName     the file's name in the deploy folder
 * @param symbolicName the bundle's symbolic name
 * @param version      the bundle's version
 */
public record PluginFile(String fileName, String symbolicName, String version) {
}
