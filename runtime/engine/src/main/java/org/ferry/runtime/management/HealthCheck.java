package org.ferry.runtime.management;

import org.osgi.annotation.versioning.ProviderType;

/** Reports the server's health; cheap enough to be polled by load balancers. */
@ProviderType
public interface HealthCheck {
    HealthReport check();
}
