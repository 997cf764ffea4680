package org.ferry.admin.internal.plugins;

import java.util.function.Supplier;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.ConnectorTypeInfo;
import org.ferry.runtime.management.PluginInventory;
import org.ferry.runtime.management.TemplateInfo;
import org.ferry.runtime.management.TransformInfo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** What plugins offer right now: connector types, transforms and templates. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    private final Supplier<PluginInventory> inventory;

    public CatalogResource(Supplier<PluginInventory> inventory) {
        this.inventory = inventory;
    }

    @GET
    @Path("connector-types")
    @ApiDoc(summary = "The deployed connector types with their configuration fields", returns = ConnectorTypeInfo.class, list = true)
    public Page<ConnectorTypeInfo> connectorTypes(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                       @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(inventory.get().connectorTypes(), uri);
    }

    @GET
    @Path("connector-types/{type}")
    @ApiDoc(summary = "A deployed connector type", returns = ConnectorTypeInfo.class)
    public ConnectorTypeInfo connectorType(@PathParam("type") String type) {
        return inventory.get().connectorType(type)
                .orElseThrow(() -> ProblemException.notFound("connector type '" + type + "'"));
    }

    @GET
    @Path("transforms")
    @ApiDoc(summary = "The deployed transforms with their parameters", returns = TransformInfo.class, list = true)
    public Page<TransformInfo> transforms(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                       @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(inventory.get().transforms(), uri);
    }

    @GET
    @Path("templates")
    @ApiDoc(summary = "The deployed project templates", returns = TemplateInfo.class, list = true)
    public Page<TemplateInfo> templates(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                       @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(inventory.get().templates(), uri);
    }
}
