package org.ferry.admin.internal.auth;

import java.time.Instant;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.UserInfo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /api/auth/token}: a bearer token for a user name and password; {@code DELETE}: log out. */
@Path("auth/token")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
    /**
     * The login request.
     *
     * @param username the user name
     * @param password the password
     */
    public record LoginRequest(String username, String password) {
    }

    /**
     * The issued token.
     *
     * @param token     the bearer token, to send as {@code Authorization: Bearer <token>}
     * @param expiresAt when it stops working
     * @param username  who it identifies
     * @param role      the user's role
     */
    public record TokenResponse(String token, Instant expiresAt, String username, String role) {
    }

    private final TokenStore tokens;
    private final LoginService logins;

    public AuthResource(TokenStore tokens, LoginService logins) {
        this.tokens = tokens;
        this.logins = logins;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Log in: exchange a user name and password for a bearer token (8 h)", returns = TokenResponse.class)
    public TokenResponse login(LoginRequest body, @Context HttpServletRequest request) {
        if (body == null || body.username() == null || body.password() == null) {
            throw ProblemException.invalid(body == null || body.username() == null ? "username" : "password", "is required");
        }
        UserInfo user = logins.login(body.username(), body.password(), request.getRemoteAddr(), "token");
        TokenStore.Issued issued = tokens.issue(user.username());
        return new TokenResponse(issued.token(), issued.expiresAt(), user.username(), user.role());
    }

    @DELETE
    @ApiDoc(summary = "Log out: the bearer token of this request stops working", status = 204)
    public Response logout(@Context HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            tokens.revoke(authorization.substring(7).trim());
        }
        return Response.noContent().build();
    }
}
