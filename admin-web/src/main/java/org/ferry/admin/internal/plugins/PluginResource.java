package org.ferry.admin.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.ProblemException;
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

/**
 * Plugins: every bundle with its state, contributions and error; upload a bundle (stored in the
 * deploy folder, installed by the framework within seconds) and remove one.
 */
@Path("plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {
    private final PluginInventory inventory;

    public PluginResource(PluginInventory inventory) {
        this.inventory = inventory;
    }

    @GET
    public Page<PluginInfo> list() {
        return Page.of(inventory.plugins());
    }

    /** {@code curl -F file=@my-plugin.jar …/api/plugins}: the usual form upload. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(@Context HttpServletRequest request) {
        try {
            Part part = request.getPart("file");
            if (part == null) {
                throw ProblemException.invalid("file", "is required (a form field named 'file' holding the jar)");
            }
            try (InputStream in = part.getInputStream()) {
                return created(inventory.deploy(part.getSubmittedFileName(), in));
            }
        } catch (IOException | ServletException e) {
            throw ProblemException.invalid("file", "could not be read: " + e.getMessage());
        }
    }

    /** {@code curl --data-binary @my-plugin.jar -H 'Content-Type: application/java-archive' …/api/plugins?file=my-plugin.jar}. */
    @POST
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    public Response uploadRaw(@QueryParam("file") String fileName, InputStream body) {
        if (fileName == null) {
            throw ProblemException.invalid("file", "is required as a query parameter naming the jar");
        }
        return created(inventory.deploy(fileName, body));
    }

    @DELETE
    @Path("{symbolicName}")
    public Response remove(@PathParam("symbolicName") String symbolicName) {
        if (!inventory.undeploy(symbolicName)) {
            throw ProblemException.notFound("a deployed plugin '" + symbolicName + "'");
        }
        return Response.noContent().build();
    }

    private static Response created(PluginFile file) {
        return Response.status(201).location(URI.create("/api/plugins")).entity(file).build();
    }
}
