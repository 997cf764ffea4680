package org.ferry.runtime.internal.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64): PBKDF2 with HMAC-SHA256
 * from the JDK, so no third-party crypto bundle is needed. 310,000 iterations is OWASP's figure for
 * PBKDF2-HMAC-SHA256; the count is stored with each hash, so raising it later keeps old hashes valid.
 */
final class PasswordHasher {
    static final int DEFAULT_ITERATIONS = 310_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The salt of the derivation an unknown name costs, so it takes as long as checking a wrong password. */
    private static final byte[] DECOY_SALT = new byte[SALT_BYTES];

    private final int iterations;

    PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** @return whether the password matches the stored hash; compares in constant time */
    boolean verify(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int count = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, count));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Burns the time of one verification, for a user that does not exist: the same derivation, compared with nothing.
     * (It used to verify against a decoy hash made when the server started: half a second of a cold start's CPU.)
     */
    void verifyDecoy(String password) {
        MessageDigest.isEqual(DECOY_SALT, derive(password, DECOY_SALT, iterations));
    }

    private static byte[] derive(String password, byte[] salt, int count) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, count, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A random password of 24 characters from a 62-letter alphabet: about 143 bits. */
    static String generatePassword() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
