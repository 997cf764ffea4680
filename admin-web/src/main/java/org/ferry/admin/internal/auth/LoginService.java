package org.ferry.admin.internal.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.AuditLog;
import org.ferry.runtime.management.UserInfo;
import org.ferry.runtime.management.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password, for the token endpoint and for HTTP Basic alike: throttled, and
 * recorded in the audit log (failures always; successes when a token is issued — a Basic request is
 * not a "login", and recording each would bury the log). Neither the password nor a token is ever
 * logged; a failure does not say whether the name or the password was wrong.
 */
public final class LoginService {
    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    public static final String CHALLENGE = "Bearer realm=\"ferry\"";

    private final Supplier<UserService> users;
    private final Supplier<AuditLog> audit;
    private final LoginThrottle throttle;

    public LoginService(Supplier<UserService> users, Supplier<AuditLog> audit, LoginThrottle throttle) {
        this.users = users;
        this.audit = audit;
        this.throttle = throttle;
    }

    /**
     * @param via how the credentials came ({@code token} or {@code basic}), for the audit log
     * @throws ProblemException 429 while throttled, 401 for wrong credentials
     */
    public UserInfo login(String username, String password, String address, String via) {
        String name = printable(username);
        Duration locked = throttle.lockedFor(name, address);
        if (!locked.isZero()) {
            record(new Actor(name, "none"), "login.refused", name, "throttled; via " + via + " from " + address);
            long seconds = Math.max(1, (locked.toMillis() + 999) / 1000);
            throw new ProblemException(429, "Too Many Requests",
                    "too many failed logins; try again in " + seconds + " s", List.of(),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        UserInfo user = users.get().authenticate(username, password).orElse(null);
        if (user == null) {
            throttle.failed(name, address);
            record(new Actor(name, "none"), "login.failed", name, "via " + via + " from " + address);
            LOG.info("Failed login for '{}' from {}", name, address);
            throw unauthorized("wrong user name or password");
        }
        throttle.succeeded(name, address);
        if ("token".equals(via)) {
            record(new Actor(user.username(), user.role()), "login", user.username(), "token issued to " + address);
        }
        return user;
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of(), Map.of("WWW-Authenticate", CHALLENGE));
    }

    private void record(Actor actor, String action, String username, String detail) {
        AuditLog log = audit.get();
        if (log == null) {
            return;
        }
        try {
            log.record(actor, action, "user:" + username, detail);
        } catch (RuntimeException e) {
            // a login must not fail because the audit store hiccupped; the log says so
            LOG.warn("Could not record {} for '{}' in the audit log: {}", action, username, e.getMessage());
        }
    }

    /** User names come from strangers: cut them short and drop control characters before they reach logs. */
    static String printable(String username) {
        if (username == null) {
            return "";
        }
        String cleaned = username.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}
