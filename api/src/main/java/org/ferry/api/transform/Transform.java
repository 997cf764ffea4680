package org.ferry.api.transform;

import java.util.List;

import org.ferry.api.data.FieldSchema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of transform mappings can use: Default, Truncate, ValueMap, CountryRegionCode, or a partner's.
 *
 * <p>Register it as an OSGi service with the property {@link #TYPE} equal to {@link #type()}. The
 * engine tracks transforms dynamically; a mapping whose transform is not deployed fails validation.
 * Implementations must be thread-safe; {@link #compile} is called once per mapping per run.
 *
 * <p>In a mapping, a chain of transforms is written in the JSON shape of the Data Integrator:
 * {@code [{"transformType": "ValueMap", "valueMap": {"Alabama": "AL", "": "XX"}}]}; the
 * {@code transformType} selects the service and the other properties are its {@link TransformParameters}.
 */
@ConsumerType
public interface Transform {
    /** Service property: the transform type, equal to {@link #type()}. */
    String TYPE = "ferry.transform.type";

    /** @return the {@code transformType} mappings use, unique among deployed transforms ({@code ValueMap}) */
    String type();

    /** @return a display name */
    String displayName();

    /** @return one sentence on what it does, for the console */
    String description();

    /** @return the parameters it takes */
    List<TransformParameter> parameters();

    /**
     * Checks the parameters and prepares the function.
     *
     * @param parameters the chain element's parameters
     * @param target     the destination field the chain writes, or {@code null} when unknown (previews of
     *                   a mapping to a new field); lets Truncate use the field's maximum length
     * @throws org.ferry.api.error.ConfigurationException naming the parameter at fault
     */
    TransformFunction compile(TransformParameters parameters, FieldSchema target);
}
