package org.ferry.admin.internal.audit;

import java.util.function.Supplier;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.AuditLog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code GET /api/audit}: consent, logins, and changes to users, connections, projects and plugins, newest first. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final Supplier<AuditLog> audit;

    public AuditResource(Supplier<AuditLog> audit) {
        this.audit = audit;
    }

    @GET
    @ApiDoc(summary = "The audit log, newest first (admin only)", returns = AuditEntry.class, list = true)
    public Page<AuditEntry> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                                 @Context UriInfo uri) {
        Paging paging = Paging.of(offset, limit);
        return paging.ofFetched(audit.get().entries(paging.offset(), paging.fetch()), uri);
    }
}
