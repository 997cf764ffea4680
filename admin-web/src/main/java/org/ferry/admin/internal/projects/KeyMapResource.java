package org.ferry.admin.internal.projects;

import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.KeyMapEntry;
import org.ferry.runtime.management.KeyMapService;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * The key map of a leg that syncs without business keys: which target record each source record was written
 * to, and forgetting entries so the next run creates those records anew. Its own root resource because Jersey
 * matches one root per request, and {@code projects/{id}/tasks} would otherwise claim this path.
 */
@Path("projects/{projectId}/tasks/{taskId}/legs/{leg}/key-map")
@Produces(MediaType.APPLICATION_JSON)
public class KeyMapResource {

    /** @param forgotten how many entries were forgotten */
    public record Forgotten(int forgotten) {
    }

    private final Supplier<KeyMapService> keyMaps;

    public KeyMapResource(Supplier<KeyMapService> keyMaps) {
        this.keyMaps = keyMaps;
    }

    @GET
    @ApiDoc(summary = "A key-map leg's entries (leg = its index in the task, from 0), by source organization and "
            + "source id; sourceId narrows to one entry", returns = KeyMapEntry.class, list = true)
    public Page<KeyMapEntry> list(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                                  @PathParam("leg") int leg, @QueryParam("sourceId") String sourceId,
                                  @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                                  @Context UriInfo uri) {
        Paging paging = Paging.of(offset, limit);
        // an empty search box means no search
        String only = sourceId == null || sourceId.isBlank() ? null : sourceId;
        return paging.ofFetched(keyMaps.get().entries(projectId, taskId, leg, only, paging.offset(), paging.fetch()), uri);
    }

    @DELETE
    @ApiDoc(summary = "Forget the leg's whole key map, or with sourceId one entry, so the next run creates those "
            + "records in the target anew; 409 while the project runs", returns = Forgotten.class)
    public Forgotten forget(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                            @PathParam("leg") int leg, @QueryParam("sourceId") String sourceId,
                            @Context SecurityContext security) {
        // "?sourceId=" is a client that meant one entry and lost its id: forgetting the whole map instead
        // would make the next run create every record again
        if (sourceId != null && sourceId.isBlank()) {
            throw ProblemException.invalid("sourceId", "must not be empty; leave it out to forget the whole key map");
        }
        return new Forgotten(keyMaps.get().forget(projectId, taskId, leg, sourceId, ApiUser.actor(security)));
    }
}
