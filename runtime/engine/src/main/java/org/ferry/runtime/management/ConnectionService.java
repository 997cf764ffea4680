package org.ferry.runtime.management;

import java.util.List;
import java.util.Optional;

import org.ferry.api.connector.ConnectionAction;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.TestResult;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.organization.OrganizationUnit;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Connections: stored configurations of a connector type, with secrets encrypted at rest.
 * Methods taking an id throw {@link NotFoundException} for an unknown id; creates and updates throw
 * {@link org.ferry.api.error.ConfigurationException} naming the fields at fault.
 */
@ProviderType
public interface ConnectionService {
    List<ConnectionInfo> list();

    Optional<ConnectionInfo> get(String id);

    ConnectionInfo create(ConnectionDraft draft, Actor actor);

    ConnectionInfo update(String id, ConnectionDraft draft, Actor actor);

    /** @throws ConflictException if a connection set uses it */
    void delete(String id, Actor actor);

    TestResult test(String id, Actor actor);

    /**
     * Tests a configuration before it is saved: the same checks as a create (all problems at once, as a
     * {@link org.ferry.api.error.ConfigurationException}), then the connection opened and tested as if stored.
     * Nothing is stored; the test is audited.
     *
     * @param existingId the connection being edited, whose stored secrets stand where the draft sends the mask; or
     *                   {@code null} for a new connection
     * @since 1.3
     */
    TestResult test(ConnectionDraft draft, String existingId, Actor actor);

    /** @return the entities, from the cache filled by the last refresh (or by this call if empty) */
    List<EntityInfo> entities(String id);

    EntitySchema entity(String id, String entity);

    /** Forgets cached entity lists and schemas, so the next calls ask the system again. */
    List<EntityInfo> refreshEntities(String id);

    List<OrganizationUnit> organizations(String id);

    List<ConnectionAction> actions(String id);

    String perform(String id, String action, Actor actor);

    /**
     * @return the service-protection budgets of the connection's application users, as this server sees them
     * @throws NotFoundException if there is no such connection
     * @since 1.4
     */
    List<org.ferry.api.connector.UserBudget> budgets(String id);
}
