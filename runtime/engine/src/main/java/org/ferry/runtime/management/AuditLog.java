package org.ferry.runtime.management;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The audit log: consent, logins, changes to connections, projects and plugins. Append-only. */
@ProviderType
public interface AuditLog {
    void record(Actor actor, String action, String subject, String detail);

    /** @return entries newest first */
    List<AuditEntry> entries(int offset, int limit);
}
