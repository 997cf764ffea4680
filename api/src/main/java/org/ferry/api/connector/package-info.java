/**
 * The connector SPI: how Ferry reaches a business system.
 *
 * <p>A bundle contributes a connector type by registering a {@link org.ferry.api.connector.ConnectorFactory}
 * service (typically a Declarative Services {@code @Component}). The engine discovers factories
 * dynamically; a factory may appear or disappear at any time. Admins configure connections of that
 * type; the engine asks the factory to {@link org.ferry.api.connector.ConnectorFactory#validate validate}
 * a configuration and to {@link org.ferry.api.connector.ConnectorFactory#open open} a
 * {@link org.ferry.api.connector.Connection}, through which it lists and describes entities, lists
 * organization units, reads pages of records with checkpoints and writes batches by business key.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.ferry.api.connector;
