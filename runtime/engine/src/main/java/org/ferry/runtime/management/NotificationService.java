package org.ferry.runtime.management;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** A project's run notifications (webhooks). Unknown projects give {@link NotFoundException}. */
@ProviderType
public interface NotificationService {
    Optional<NotificationSettings> get(String projectId);

    /** @throws org.ferry.api.error.ConfigurationException for a URL that is not allowed */
    NotificationSettings put(String projectId, NotificationSettings settings, Actor actor);

    void delete(String projectId, Actor actor);
}
