package org.ferry.admin.internal.connections;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/** Connection sets: connections by role, named organization mappings, integration keys. */
@Path("connection-sets")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionSetResource {
    /**
     * A named organization mapping: the unit of each role that belong together.
     *
     * @param name  e.g. {@code USMF}
     * @param units role to organization unit id
     */
    public record MappingRequest(String name, Map<String, String> units) {
    }

    /**
     * A connection set as sent to create or replace one.
     *
     * @param name                 display name
     * @param connections          role to connection id
     * @param organizationMappings the named mappings
     * @param integrationKeys      role to entity to key fields
     */
    public record ConnectionSetRequest(String name, Map<String, String> connections,
                                       List<MappingRequest> organizationMappings,
                                       Map<String, Map<String, List<String>>> integrationKeys) {
        ConnectionSetInfo draft() {
            List<OrganizationMapping> mappings = new ArrayList<>();
            List<MappingRequest> given = organizationMappings == null ? List.of() : organizationMappings;
            for (int i = 0; i < given.size(); i++) {
                MappingRequest m = given.get(i);
                if (m == null || m.name() == null || m.name().isBlank()) {
                    throw ProblemException.invalid("organizationMappings." + i + ".name", "is required");
                }
                mappings.add(new OrganizationMapping(m.name(), m.units()));
            }
            return new ConnectionSetInfo(null, name, connections, mappings, integrationKeys, null, null);
        }
    }

    private final Supplier<ConnectionSetService> sets;

    public ConnectionSetResource(Supplier<ConnectionSetService> sets) {
        this.sets = sets;
    }

    @GET
    @ApiDoc(summary = "List connection sets", returns = ConnectionSetInfo.class, list = true)
    public Page<ConnectionSetInfo> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                                        @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(sets.get().list(), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Create a connection set", status = 201, returns = ConnectionSetInfo.class)
    public Response create(ConnectionSetRequest body, @Context SecurityContext security) {
        ConnectionSetInfo created = sets.get().create(required(body).draft(), ApiUser.actor(security));
        return Response.created(URI.create("/api/connection-sets/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @ApiDoc(summary = "Get a connection set", returns = ConnectionSetInfo.class)
    public ConnectionSetInfo get(@PathParam("id") String id) {
        return sets.get().get(id).orElseThrow(() -> ProblemException.notFound("connection set '" + id + "'"));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Replace a connection set", returns = ConnectionSetInfo.class)
    public ConnectionSetInfo update(@PathParam("id") String id, ConnectionSetRequest body,
                                    @Context SecurityContext security) {
        return sets.get().update(id, required(body).draft(), ApiUser.actor(security));
    }

    @DELETE
    @Path("{id}")
    @ApiDoc(summary = "Delete a connection set (409 while a project uses it)", status = 204)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        sets.get().delete(id, ApiUser.actor(security));
        return Response.noContent().build();
    }

    private static ConnectionSetRequest required(ConnectionSetRequest body) {
        if (body == null) {
            throw ProblemException.invalid("name", "a body {name, connections, organizationMappings, integrationKeys} is required");
        }
        return body;
    }
}
