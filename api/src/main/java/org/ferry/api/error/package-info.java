/**
 * The errors a plugin raises, and how the engine treats each.
 *
 * <ul>
 * <li>{@link org.ferry.api.error.ConfigurationException}: the user's configuration is wrong; shown to the
 *     user with the field at fault (HTTP 422 in the admin API); never retried.</li>
 * <li>{@link org.ferry.api.error.RetriableException}: a passing condition (throttling, timeout, dropped
 *     connection) that outlasted the connector's own bounded retries, which back off honouring the service's
 *     {@code Retry-After}; the engine does not retry on top, but ends the leg with its last checkpoint (the
 *     exception's {@link org.ferry.api.error.RetriableException#retryAfter()} says how long the service asked
 *     to wait), and the next run resumes there.</li>
 * <li>{@link org.ferry.api.error.ConnectorException}: the system cannot be used for this run; the run
 *     ends in ERROR (or WARNING if some records were already written).</li>
 * <li>{@link org.ferry.api.error.RecordException}: one record cannot be processed; it is kept in the
 *     run's errors with its business key and the run goes on.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ferry.api.error;
