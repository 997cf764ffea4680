package org.ferry.runtime.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret configuration values with AES-256-GCM. The key never lives in the database: it comes
 * from {@code FERRY_SECRET_KEY} (base64 of 32 bytes) or from {@code secret.key} in the configuration
 * folder, created on first use and readable by its owner only. A stolen database alone reveals no
 * secret; each value has its own random nonce, and the tag detects tampering.
 */
public final class SecretBox {
    public static final String KEY_ENV = "FERRY_SECRET_KEY";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secret key must be 32 bytes (AES-256), base64-encoded");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Loads the key from the environment or the key file, creating the file if neither exists. */
    public static SecretBox load(String environmentValue, Path keyFile) throws IOException {
        if (environmentValue != null && !environmentValue.isBlank()) {
            return new SecretBox(Base64.getDecoder().decode(environmentValue.trim()));
        }
        if (!Files.exists(keyFile)) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            // false when another process created it first: then theirs is used
            OwnerOnlyFiles.createNew(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n");
        }
        return new SecretBox(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
    }

    public static SecretBox ofKey(byte[] key) {
        return new SecretBox(key.clone());
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret: " + e.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalStateException if the value was sealed with another key or altered */
    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted: the secret key is not the one it was"
                    + " stored with (check " + KEY_ENV + " or conf/secret.key)");
        }
    }
}
