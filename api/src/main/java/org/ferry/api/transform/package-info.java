/**
 * The transform SPI: functions applied to field values while mapping a record.
 *
 * <p>A bundle contributes a transform by registering a {@link org.ferry.api.transform.Transform} service.
 * The engine compiles a transform once per mapping with its parameters (the JSON object of the
 * mapping's transform chain, for example {@code {"transformType": "ValueMap", "valueMap": {"Alabama": "AL"}}})
 * and applies the compiled function to each record's value.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ferry.api.transform;
