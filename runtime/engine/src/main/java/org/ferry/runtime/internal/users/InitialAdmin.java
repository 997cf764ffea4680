package org.ferry.runtime.internal.users;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.ferry.runtime.internal.store.OwnerOnlyFiles;
import org.ferry.api.error.ConfigurationException;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin, created when the users table is empty: there are no default credentials. The
 * password comes from {@code FERRY_ADMIN_PASSWORD}, else from the framework property
 * {@code ferry.admin.password} (for tests and embedders, which cannot set environment variables in
 * process), else it is generated, printed once on the console (the process's standard output, never the log
 * file) and written to {@code <data>/initial-admin-password} readable by the owner only, for whoever missed
 * the console.
 */
final class InitialAdmin {
    static final String ENV = "FERRY_ADMIN_PASSWORD";
    static final String PROPERTY = "ferry.admin.password";
    static final String FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);

    /**
     * Where the initial password may come from.
     *
     * @param environment the environment variable's value, or {@code null}
     * @param property    the framework property's value, or {@code null}
     * @param dataDir     the data folder, for the generated password's file
     * @param console     where a generated password is shown: the process's standard output, not
     *                    {@code System.out}, which the launcher also copies into {@code data/logs/ferry.log}
     */
    record Sources(String environment, String property, Path dataDir, PrintStream console) {
        Sources(String environment, String property, Path dataDir) {
            this(environment, property, dataDir,
                    new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        }

        static Sources of(BundleContext context) {
            String data = context.getProperty("ferry.data");
            if (data == null) {
                throw new IllegalStateException("framework property ferry.data is not set");
            }
            return new Sources(System.getenv(ENV), context.getProperty(PROPERTY), Path.of(data));
        }
    }

    private InitialAdmin() {
    }

    /** @return the generated password, or {@code null} if none was generated */
    static String ensure(UserDirectory users, Sources sources) {
        return ensure(users, sources, Optional.empty());
    }

    /**
     * @param ahead a password chosen and hashed while the store opened ({@link FirstAdminSeed}), used when it is the
     *              password these sources give (or, with none given, a generated one)
     * @return the generated password, or {@code null} if none was generated
     */
    static String ensure(UserDirectory users, Sources sources, Optional<FirstAdminSeed.Prepared> ahead) {
        if (users.count() > 0) {
            return null;
        }
        String given = given(sources);
        String origin = blankToNull(sources.environment()) != null ? ENV : PROPERTY;
        Optional<FirstAdminSeed.Prepared> usable = ahead.filter(p -> given == null ? p.generated()
                : !p.generated() && p.password().equals(given));
        if (given != null) {
            try {
                UserRules.checkPassword(origin, given);
            } catch (ConfigurationException e) {
                // refuse to start with a weak admin password rather than quietly generating another one
                throw new IllegalStateException(origin + " is not acceptable: " + e.getMessage(), e);
            }
            if (users.createFirstAdmin(given, usable.map(p -> p.hash().join()).orElse(null))) {
                LOG.info("Created user 'admin' with the password from {}", origin);
            }
            return null;
        }
        String generated = usable.map(FirstAdminSeed.Prepared::password).orElseGet(PasswordHasher::generatePassword);
        if (!users.createFirstAdmin(generated, usable.map(p -> p.hash().join()).orElse(null))) {
            return null;
        }
        Path file = sources.dataDir().resolve(FILE);
        writeOwnerOnly(file, generated);
        // Printed once, on purpose: the person starting the server needs it. It is never logged.
        PrintStream console = sources.console();
        console.println("Initial admin password: " + generated);
        console.println("(also in " + file + "; change it and delete that file)");
        LOG.info("Created user 'admin' with a generated password; see standard output or {}", file);
        return generated;
    }

    /** @return the password the environment or the framework property gives, or {@code null} */
    static String given(Sources sources) {
        return blankToNull(sources.environment()) != null ? sources.environment() : blankToNull(sources.property());
    }

    private static void writeOwnerOnly(Path file, String password) {
        try {
            Files.deleteIfExists(file);
            OwnerOnlyFiles.createNew(file, password + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
