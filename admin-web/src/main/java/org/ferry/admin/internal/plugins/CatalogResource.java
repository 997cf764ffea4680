package org.ferry.admin.internal.plugins;

import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.ConnectorTypeInfo;
import org.ferry.runtime.management.PluginInventory;
import org.ferry.runtime.management.TemplateInfo;
import org.ferry.runtime.management.TransformInfo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What plugins offer right now: connector types, transforms and templates. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    private final PluginInventory inventory;

    public CatalogResource(PluginInventory inventory) {
        this.inventory = inventory;
    }

    @GET
    @Path("connector-types")
    public Page<ConnectorTypeInfo> connectorTypes() {
        return Page.of(inventory.connectorTypes());
    }

    @GET
    @Path("connector-types/{type}")
    public ConnectorTypeInfo connectorType(@PathParam("type") String type) {
        return inventory.connectorType(type)
                .orElseThrow(() -> ProblemException.notFound("connector type '" + type + "'"));
    }

    @GET
    @Path("transforms")
    public Page<TransformInfo> transforms() {
        return Page.of(inventory.transforms());
    }

    @GET
    @Path("templates")
    public Page<TemplateInfo> templates() {
        return Page.of(inventory.templates());
    }
}
