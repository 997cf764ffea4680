package org.ferry.admin.internal.auth;

import java.net.URI;
import java.util.function.Supplier;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.UserInfo;
import org.ferry.runtime.management.UserService;

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

/** Users, managed by admins. Passwords go in, never out. */
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    /**
     * A new user.
     *
     * @param username the login name
     * @param password at least 12 characters
     * @param role     admin, operator or viewer
     */
    public record NewUser(String username, String password, String role) {
    }

    /**
     * A change to a user; a field left out is kept.
     *
     * @param password a new password, or absent
     * @param role     a new role, or absent
     */
    public record UserChange(String password, String role) {
    }

    private final Supplier<UserService> users;
    private final TokenStore tokens;

    public UserResource(Supplier<UserService> users, TokenStore tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @GET
    @ApiDoc(summary = "List users", returns = UserInfo.class, list = true)
    public Page<UserInfo> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                               @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(users.get().list(), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Create a user", status = 201, returns = UserInfo.class)
    public Response create(NewUser body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("username", "is required");
        }
        UserInfo user = users.get().create(body.username(), body.password(), body.role(), ApiUser.actor(security));
        return Response.created(URI.create("/api/users/" + user.username())).entity(user).build();
    }

    @GET
    @Path("{username}")
    @ApiDoc(summary = "Get a user", returns = UserInfo.class)
    public UserInfo get(@PathParam("username") String username) {
        return users.get().get(username).orElseThrow(() -> ProblemException.notFound("user '" + username + "'"));
    }

    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Change a user's password or role; a password change ends the user's sessions", returns = UserInfo.class)
    public UserInfo update(@PathParam("username") String username, UserChange body, @Context SecurityContext security) {
        if (body == null || (body.password() == null && body.role() == null)) {
            throw ProblemException.invalid("password", "give a password, a role, or both");
        }
        UserInfo user = users.get().update(username, body.password(), body.role(), ApiUser.actor(security));
        if (body.password() != null) {
            tokens.revokeUser(username);
        }
        return user;
    }

    @DELETE
    @Path("{username}")
    @ApiDoc(summary = "Delete a user (not the last admin)", status = 204)
    public Response delete(@PathParam("username") String username, @Context SecurityContext security) {
        users.get().delete(username, ApiUser.actor(security));
        tokens.revokeUser(username);
        return Response.noContent().build();
    }
}
