package org.ferry.runtime.internal.users;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.ferry.api.error.ConfigurationException;
import org.ferry.store.Dialect;
import org.ferry.store.StoreSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The first admin's password hash, begun when the engine starts on a new embedded store instead of when the store is
 * open. A hash takes a second of a cold JVM's start (it is meant to be slow), and the first start waited for it after
 * the store had opened; now it is made while Derby boots, on a thread of its own.
 *
 * <p>Only for a new embedded store (no {@code db} folder yet), where the users table is sure to be empty: a server
 * restarted on its store, or a cluster node on a shared one, hashes nothing it will not use.
 */
@Component(service = FirstAdminSeed.class, immediate = true)
public class FirstAdminSeed {
    /** A password chosen ahead, and its hash being made. */
    record Prepared(String password, boolean generated, CompletableFuture<String> hash) {
    }

    private final Prepared prepared;

    @Activate
    public FirstAdminSeed(BundleContext context) {
        this(InitialAdmin.Sources.of(context), StoreSettings.parse(context.getProperty(StoreSettings.URL_PROPERTY),
                System::getenv).dialect() == Dialect.DERBY);
    }

    FirstAdminSeed(InitialAdmin.Sources sources, boolean embedded) {
        this.prepared = embedded && !Files.exists(sources.dataDir().resolve("db")) ? prepare(sources) : null;
    }

    private static Prepared prepare(InitialAdmin.Sources sources) {
        String given = InitialAdmin.given(sources);
        if (given != null) {
            try {
                UserRules.checkPassword("password", given);
            } catch (ConfigurationException weak) {
                return null; // refused when the store is there, with the reason
            }
        }
        String password = given != null ? given : PasswordHasher.generatePassword();
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS);
        CompletableFuture<String> hash = CompletableFuture.supplyAsync(() -> hasher.hash(password),
                task -> Thread.ofPlatform().daemon().name("ferry-first-admin").start(task));
        return new Prepared(password, given == null, hash);
    }

    /** @return the password chosen ahead (the given one, or one generated), with its hash; empty if none was */
    Optional<Prepared> prepared() {
        return Optional.ofNullable(prepared);
    }
}
