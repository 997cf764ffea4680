package org.ferry.admin.internal.projects;

import java.util.function.Supplier;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.runtime.management.PreviewRecord;
import org.ferry.runtime.management.RunService;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A dry run of a task: its first records through mappings and transforms against live data, nothing written. */
@Path("projects/{projectId}/tasks/{taskId}/preview")
@Produces(MediaType.APPLICATION_JSON)
public class PreviewResource {

    /**
     * @param limit records per leg, 1 to 200 (default 20)
     * @param task  the task as edited and not saved yet (its name and legs, as {@code PUT} takes them), to preview
     *              the draft; absent to preview the saved task
     */
    public record PreviewRequest(Integer limit, TaskJson.TaskRequest task) {
    }

    private final Supplier<RunService> runs;

    public PreviewResource(Supplier<RunService> runs) {
        this.runs = runs;
    }

    @POST
    @ApiDoc(summary = "Source records, what they would become, and the error each would hit, for the saved task or a"
            + " draft of it; nothing is written",
            returns = PreviewRecord.class, list = true)
    public Page<PreviewRecord> preview(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                                       PreviewRequest body) {
        int limit = body == null || body.limit() == null ? 20 : body.limit();
        if (body != null && body.task() != null) {
            return Page.of(runs.get().preview(projectId, taskId, body.task().task(taskId), limit));
        }
        return Page.of(runs.get().preview(projectId, taskId, limit));
    }
}
