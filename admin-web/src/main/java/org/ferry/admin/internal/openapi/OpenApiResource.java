package org.ferry.admin.internal.openapi;

import java.util.List;
import java.util.Map;

import org.ferry.admin.internal.http.ApiDoc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/openapi.json}: the API described, generated once from the resource classes. */
@Path("openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource {
    private final List<Class<?>> resources;
    private final String version;
    private volatile Map<String, Object> document;

    /*
     * Private, with a factory: Jersey inspects the public constructors of every resource class, even one registered
     * as an instance, and warns at each start that a List<Class<?>> parameter "is not resolvable to a concrete type".
     */
    private OpenApiResource(List<Class<?>> resources, String version) {
        this.resources = List.copyOf(resources);
        this.version = version;
    }

    /** @param resources the resource classes to describe */
    public static OpenApiResource of(List<Class<?>> resources, String version) {
        return new OpenApiResource(resources, version);
    }

    @GET
    @ApiDoc(summary = "This API, as an OpenAPI 3.1 document", returns = Map.class)
    public Map<String, Object> document() {
        Map<String, Object> d = document;
        if (d == null) {
            d = OpenApiGenerator.generate(resources, version);
            document = d;
        }
        return d;
    }
}
