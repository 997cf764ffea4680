package com.example.ferry.csv.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per file, shared by every connection the factory opens: a rewrite reads the whole file and
 * replaces it, so two rewrites of the same file at once would lose one's changes. Two connections may point
 * at the same folder, hence one registry per factory rather than per connection. Thread-safe.
 *
 * <p>It serialises writers inside this server only; other programs writing the same files must not do so
 * while Ferry runs (see README).
 */
final class FileLocks {
    private final ConcurrentMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** @return the lock of the file, by its real path where the folder exists, so links do not evade it */
    ReentrantLock of(Path file) {
        Path key;
        try {
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            key = file.toAbsolutePath().normalize();
        }
        // A few locks per file ever written; not worth evicting.
        return locks.computeIfAbsent(key, k -> new ReentrantLock());
    }
}
