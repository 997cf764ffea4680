/**
 * Records and schemas: the immutable data that flows between connectors, transforms and the engine.
 *
 * <p>A {@link org.ferry.api.data.EntityRecord} is a set of named, typed {@link org.ferry.api.data.Value}s
 * of one entity, identified across systems by its {@link org.ferry.api.data.BusinessKey}. Entities are
 * described by {@link org.ferry.api.data.EntitySchema} and {@link org.ferry.api.data.FieldSchema}.
 * Every type here is immutable and safe to share between threads.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.ferry.api.data;
