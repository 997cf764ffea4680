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

    public OpenApiResource(List<Class<?>> resources, String version) {
        this.resources = List.copyOf(resources);
        this.version = version;
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
