package org.ferry.runtime.internal.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/** What a user name, a password and a role must be. Messages never repeat the password. */
final class UserRules {
    static final Set<String> ROLES = Set.of("admin", "operator", "viewer");
    static final int MIN_PASSWORD = 12;
    /** Long enough for any passphrase, short enough that hashing it is no denial of service. */
    static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private UserRules() {
    }

    static void checkNew(String username, String password, String role) {
        List<FieldProblem> problems = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.add(new FieldProblem("username",
                    "must be 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"));
        }
        passwordProblem(username, password).ifPresent(problems::add);
        roleProblem(role, true).ifPresent(problems::add);
        throwIfAny(problems);
    }

    static void checkChange(String username, String password, String role) {
        List<FieldProblem> problems = new ArrayList<>();
        if (password != null) {
            passwordProblem(username, password).ifPresent(problems::add);
        }
        roleProblem(role, false).ifPresent(problems::add);
        throwIfAny(problems);
    }

    static void checkPassword(String field, String password) {
        passwordProblem(null, password).ifPresent(p -> {
            throw new ConfigurationException(field, p.message());
        });
    }

    private static Optional<FieldProblem> passwordProblem(String username, String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return Optional.of(new FieldProblem("password", "must have at least " + MIN_PASSWORD + " characters"));
        }
        if (password.length() > MAX_PASSWORD) {
            return Optional.of(new FieldProblem("password", "must have at most " + MAX_PASSWORD + " characters"));
        }
        if (password.isBlank()) {
            return Optional.of(new FieldProblem("password", "must not be only spaces"));
        }
        if (username != null && password.equalsIgnoreCase(username)) {
            return Optional.of(new FieldProblem("password", "must differ from the user name"));
        }
        return Optional.empty();
    }

    private static Optional<FieldProblem> roleProblem(String role, boolean required) {
        if (role == null && !required) {
            return Optional.empty();
        }
        if (role == null || !ROLES.contains(role)) {
            return Optional.of(new FieldProblem("role", "must be one of admin, operator, viewer"));
        }
        return Optional.empty();
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }
}
