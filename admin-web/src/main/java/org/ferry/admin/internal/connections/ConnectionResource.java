package org.ferry.admin.internal.connections;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.api.connector.ConnectionAction;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.TestResult;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.runtime.management.ConnectionDraft;
import org.ferry.runtime.management.ConnectionInfo;
import org.ferry.runtime.management.ConnectionService;

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

/**
 * Connections: configurations of a connector type. Secret values are write-only: answers show
 * {@value ConnectionInfo#MASK}, and sending the mask back keeps the stored value (the engine does both).
 */
@Path("connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {
    /**
     * A connection as sent to create or replace one. Configuration values are plain strings (numbers
     * and booleans are accepted and kept as text); nested objects are refused.
     *
     * @param name   display name
     * @param type   connector type id
     * @param config configuration values by field name
     */
    public record ConnectionRequest(String name, String type, Map<String, String> config) {
        ConnectionDraft draft() {
            return new ConnectionDraft(name, type, config);
        }
    }

    /**
     * The outcome of "test connection".
     *
     * @param ok            whether the system answered as expected
     * @param message       what happened
     * @param elapsedMillis how long it took
     * @param errors        for a failed test, the configuration fields at fault where the connector could tell
     *                      ({@code config.clientSecret}: the token endpoint refused it), as a problem body names them
     */
    public record TestAnswer(boolean ok, String message, long elapsedMillis, List<FieldProblem> errors) {
        static TestAnswer of(TestResult r) {
            return new TestAnswer(r.ok(), r.message(), r.elapsed().toMillis(), r.problems().stream()
                    .map(p -> new FieldProblem(p.field() == null || p.field().startsWith("config.") ? p.field()
                            : "config." + p.field(), p.message())).toList());
        }
    }

    /**
     * A configuration to test before it is saved.
     *
     * @param id     the connection being edited (its stored secrets stand where {@code ********} is sent), or absent
     *               for a new one
     * @param name   display name (optional)
     * @param type   connector type id (optional when {@code id} is given)
     * @param config configuration values by field name
     */
    public record DraftTestRequest(String id, String name, String type, Map<String, String> config) {
    }

    /**
     * The outcome of a connection action.
     *
     * @param action  the action's name
     * @param message what it did
     */
    public record ActionAnswer(String action, String message) {
    }

    private final Supplier<ConnectionService> connections;

    public ConnectionResource(Supplier<ConnectionService> connections) {
        this.connections = connections;
    }

    @GET
    @ApiDoc(summary = "List connections", returns = ConnectionInfo.class, list = true)
    public Page<ConnectionInfo> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                                     @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(connections.get().list(), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Create a connection", status = 201, returns = ConnectionInfo.class)
    public Response create(ConnectionRequest body, @Context SecurityContext security) {
        ConnectionInfo created = connections.get().create(required(body).draft(), ApiUser.actor(security));
        return Response.created(URI.create("/api/connections/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @ApiDoc(summary = "Get a connection (secrets masked)", returns = ConnectionInfo.class)
    public ConnectionInfo get(@PathParam("id") String id) {
        return connections.get().get(id).orElseThrow(() -> ProblemException.notFound("connection '" + id + "'"));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Replace a connection's name and configuration; a secret sent as ******** keeps its value",
            returns = ConnectionInfo.class)
    public ConnectionInfo update(@PathParam("id") String id, ConnectionRequest body, @Context SecurityContext security) {
        return connections.get().update(id, required(body).draft(), ApiUser.actor(security));
    }

    @DELETE
    @Path("{id}")
    @ApiDoc(summary = "Delete a connection (409 while a connection set uses it)", status = 204)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        connections.get().delete(id, ApiUser.actor(security));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/test")
    @ApiDoc(summary = "Test a connection (admin only: it reaches out to the configured system)", returns = TestAnswer.class)
    public TestAnswer test(@PathParam("id") String id, @Context SecurityContext security) {
        return TestAnswer.of(connections.get().test(id, ApiUser.actor(security)));
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Test a configuration before saving it (admin only: it reaches out to the system); a form's"
            + " problems are all answered at once as a 422, a refused sign-in as ok=false naming the fields at fault",
            returns = TestAnswer.class)
    public TestAnswer testDraft(DraftTestRequest body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("type", "a body {type, config} is required");
        }
        return TestAnswer.of(connections.get().test(new ConnectionDraft(body.name(), body.type(), body.config()),
                body.id() == null || body.id().isBlank() ? null : body.id(), ApiUser.actor(security)));
    }

    @GET
    @Path("{id}/entities")
    @ApiDoc(summary = "List the connection's entities (cached)", returns = EntityInfo.class, list = true)
    public Page<EntityInfo> entities(@PathParam("id") String id, @QueryParam("offset") Integer offset,
                                     @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(connections.get().entities(id), uri);
    }

    @POST
    @Path("{id}/entities/refresh")
    @ApiDoc(summary = "Forget cached entities and schemas and list the entities again", returns = EntityInfo.class, list = true)
    public Page<EntityInfo> refresh(@PathParam("id") String id, @QueryParam("offset") Integer offset,
                                    @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(connections.get().refreshEntities(id), uri);
    }

    @GET
    @Path("{id}/entities/{entity}")
    @ApiDoc(summary = "Describe an entity: fields, keys, lookups", returns = EntitySchema.class)
    public EntitySchema entity(@PathParam("id") String id, @PathParam("entity") String entity) {
        return connections.get().entity(id, entity);
    }

    @GET
    @Path("{id}/organizations")
    @ApiDoc(summary = "List the organization units (legal entities, business units, organizations)",
            returns = OrganizationUnit.class, list = true)
    public Page<OrganizationUnit> organizations(@PathParam("id") String id, @QueryParam("offset") Integer offset,
                                                @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(connections.get().organizations(id), uri);
    }

    @GET
    @Path("{id}/budget")
    @ApiDoc(summary = "The service-protection budget of each application user of the connection, shared by every run"
            + " in the server", returns = org.ferry.api.connector.UserBudget.class, list = true)
    public Page<org.ferry.api.connector.UserBudget> budget(@PathParam("id") String id, @QueryParam("offset") Integer offset,
                                                           @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(connections.get().budgets(id), uri);
    }

    @GET
    @Path("{id}/actions")
    @ApiDoc(summary = "List the actions the connector offers on this connection", returns = ConnectionAction.class, list = true)
    public Page<ConnectionAction> actions(@PathParam("id") String id, @QueryParam("offset") Integer offset,
                                          @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(connections.get().actions(id), uri);
    }

    @POST
    @Path("{id}/actions/{action}")
    @ApiDoc(summary = "Perform a connection action (admin only)", returns = ActionAnswer.class)
    public ActionAnswer perform(@PathParam("id") String id, @PathParam("action") String action,
                                @Context SecurityContext security) {
        return new ActionAnswer(action, connections.get().perform(id, action, ApiUser.actor(security)));
    }

    private static ConnectionRequest required(ConnectionRequest body) {
        if (body == null) {
            throw ProblemException.invalid("name", "a body {name, type, config} is required");
        }
        return body;
    }
}
