package org.ferry.admin.internal.projects;

import java.net.URI;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.runtime.management.TemplateService;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * "Save as template": a project's tasks become a template listed with the deployed ones. Rooted at its
 * full path because Jersey picks one root resource per request and does not fall back to another.
 */
@Path("projects/{projectId}/save-as-template")
@Produces(MediaType.APPLICATION_JSON)
public class SaveAsTemplateResource {

    /**
     * @param id          the template's id, unique among all templates
     * @param name        its display name
     * @param description what it is for, or null
     */
    public record SaveRequest(String id, String name, String description) {
    }

    private final Supplier<TemplateService> templates;

    public SaveAsTemplateResource(Supplier<TemplateService> templates) {
        this.templates = templates;
    }

    @POST
    @ApiDoc(summary = "Save the project's tasks as a template (roles with the connector types of its connections)",
            status = 201, returns = ProjectTemplate.class)
    public Response save(@PathParam("projectId") String projectId, SaveRequest body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("id", "is required");
        }
        ProjectTemplate saved = templates.get().saveProject(projectId, body.id(), body.name(), body.description(),
                ApiUser.actor(security));
        return Response.created(URI.create("/api/templates")).entity(saved).build();
    }

    /** {@code DELETE /api/templates/{id}}: removes a saved template; bundles' templates go with their bundle. */
    @Path("templates/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Removal {
        private final Supplier<TemplateService> templates;

        public Removal(Supplier<TemplateService> templates) {
            this.templates = templates;
        }

        @DELETE
        @ApiDoc(summary = "Remove a template saved from a project (bundles' templates go with their bundle)", status = 204)
        public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
            if (!templates.get().delete(id, ApiUser.actor(security))) {
                throw ProblemException.notFound("a saved template '" + id + "'");
            }
            return Response.noContent().build();
        }
    }
}
