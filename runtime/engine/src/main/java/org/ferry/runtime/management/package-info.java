/**
 * The engine's management API: the services the admin API (and only it) calls to inspect and operate
 * the server. Implemented by the engine; not an extension point for plugins, which use {@code org.ferry.api}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.ferry.runtime.management;
