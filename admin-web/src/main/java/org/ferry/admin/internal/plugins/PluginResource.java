package org.ferry.admin.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.AuditLog;
import org.ferry.runtime.management.PluginFile;
import org.ferry.runtime.management.PluginInfo;
import org.ferry.runtime.management.PluginInventory;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * Plugins: every bundle with its state, contributions and error; upload a bundle (stored in the
 * deploy folder, installed by the framework within seconds) and remove one.
 */
@Path("plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {
    private final Supplier<PluginInventory> inventory;
    private final Supplier<AuditLog> audit;

    /** @param audit the audit log, or a supplier of {@code null} while it is not available */
    public PluginResource(Supplier<PluginInventory> inventory, Supplier<AuditLog> audit) {
        this.inventory = inventory;
        this.audit = audit;
    }

    @GET
    @ApiDoc(summary = "Partner plugins (deploy folder, uploads) first, then the built-in bundles, with state, contributions"
            + " and error; origin=deployed or built-in keeps one kind", returns = PluginInfo.class, list = true)
    public Page<PluginInfo> list(@QueryParam("origin") String origin, @QueryParam("offset") Integer offset,
                                 @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        Paging paging = Paging.of(offset, limit);
        if (origin != null && !origin.equals(PluginInfo.DEPLOYED) && !origin.equals(PluginInfo.BUILT_IN)) {
            throw ProblemException.invalid("origin", "must be " + PluginInfo.DEPLOYED + " or " + PluginInfo.BUILT_IN);
        }
        List<PluginInfo> plugins = inventory.get().plugins().stream()
                .filter(p -> origin == null || origin.equals(p.origin())).toList();
        return paging.slice(plugins, uri);
    }

    /** {@code curl -F file=@my-plugin.jar …/api/plugins}: the usual form upload. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ApiDoc(summary = "Upload a plugin bundle as a form field named 'file'", status = 201, returns = PluginFile.class)
    public Response uploadForm(@Context HttpServletRequest request, @Context SecurityContext security) {
        try {
            Part part = request.getPart("file");
            if (part == null) {
                throw ProblemException.invalid("file", "is required (a form field named 'file' holding the jar)");
            }
            try (InputStream in = part.getInputStream()) {
                return created(inventory.get().deploy(part.getSubmittedFileName(), in), security);
            }
        } catch (IOException | ServletException e) {
            throw ProblemException.invalid("file", "could not be read: " + e.getMessage());
        }
    }

    /** {@code curl --data-binary @my-plugin.jar -H 'Content-Type: application/java-archive' …/api/plugins?file=my-plugin.jar}. */
    @POST
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    @ApiDoc(summary = "Upload a plugin bundle as the request body, named by the 'file' query parameter", status = 201,
            returns = PluginFile.class)
    public Response uploadRaw(@QueryParam("file") String fileName, InputStream body, @Context SecurityContext security) {
        if (fileName == null) {
            throw ProblemException.invalid("file", "is required as a query parameter naming the jar");
        }
        return created(inventory.get().deploy(fileName, body), security);
    }

    @DELETE
    @Path("{symbolicName}")
    @ApiDoc(summary = "Remove a plugin from the deploy folder; the framework uninstalls it", status = 204)
    public Response remove(@PathParam("symbolicName") String symbolicName, @Context SecurityContext security) {
        if (!inventory.get().undeploy(symbolicName)) {
            throw ProblemException.notFound("a deployed plugin '" + symbolicName + "'");
        }
        record(security, "plugin.remove", symbolicName, null);
        return Response.noContent().build();
    }

    private Response created(PluginFile file, SecurityContext security) {
        record(security, "plugin.deploy", file.symbolicName(), file.fileName() + " " + file.version());
        return Response.status(201).location(URI.create("/api/plugins")).entity(file).build();
    }

    private void record(SecurityContext security, String action, String symbolicName, String detail) {
        AuditLog log = audit.get();
        if (log != null) {
            log.record(ApiUser.actor(security), action, "plugin:" + symbolicName, detail);
        }
    }
}
