package org.ferry.runtime.internal.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only the server's user may read (the secret key, the generated admin password). The file is
 * created with its permissions, never written first and restricted after, so there is no moment in
 * which another user could read it; file systems without POSIX permissions get a plain file.
 */
public final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    /** @return {@code false} if the file exists already (then it is left as it is) */
    public static boolean createNew(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.writeString(file, content);
        return true;
    }
}
