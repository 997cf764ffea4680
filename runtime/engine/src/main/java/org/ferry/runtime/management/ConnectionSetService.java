package org.ferry.runtime.management;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Connection sets. Same error conventions as {@link ConnectionService}. */
@ProviderType
public interface ConnectionSetService {
    List<ConnectionSetInfo> list();

    Optional<ConnectionSetInfo> get(String id);

    /** @param draft the set; its id and timestamps are ignored */
    ConnectionSetInfo create(ConnectionSetInfo draft, Actor actor);

    ConnectionSetInfo update(String id, ConnectionSetInfo draft, Actor actor);

    /** @throws ConflictException if a project uses it */
    void delete(String id, Actor actor);
}
