package org.ferry.runtime.management;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Users and their credentials. Passwords are stored only as salted, slow hashes. On first start with
 * no users, the engine creates {@code admin} with the password from {@code FERRY_ADMIN_PASSWORD}, or a
 * generated one printed once and written to {@code data/initial-admin-password}; there is no default.
 */
@ProviderType
public interface UserService {
    List<UserInfo> list();

    Optional<UserInfo> get(String username);

    /** @throws org.ferry.api.error.ConfigurationException for a taken name, a weak password or an unknown role */
    UserInfo create(String username, String password, String role, Actor actor);

    /** Changes the role and/or the password (each {@code null} to keep). */
    UserInfo update(String username, String password, String role, Actor actor);

    /** @throws ConflictException when deleting the last admin */
    void delete(String username, Actor actor);

    /** @return the user if the password matches; constant-time comparison */
    Optional<UserInfo> authenticate(String username, String password);
}
