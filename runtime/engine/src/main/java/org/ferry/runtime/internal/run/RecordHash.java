package org.ferry.runtime.internal.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;

/**
 * The hash of a mapped record that both kinds of leg keep, to skip a record whose values did not change since
 * it was last written. Stored hashes are compared with the next run's, so the same record must hash to the same
 * text from one version to the next (else an upgrade rewrites every record once).
 */
final class RecordHash {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private RecordHash() {
    }

    /**
     * A stable hash of a mapped record: its organization and its fields in name order, in canonical text, each
     * preceded by its UTF-8 length. The bytes go to the digest in one call, and the digest is reused per thread:
     * the stream of small updates this replaced cost as much as a batch's hash store on the run thread.
     */
    static String of(EntityRecord record, String organization) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, Value>[] fields = record.values().entrySet().toArray(new Map.Entry[0]);
        Arrays.sort(fields, Map.Entry.comparingByKey());
        Canonical text = new Canonical();
        text.add(organization == null ? "\u0000" : organization);
        for (Map.Entry<String, Value> e : fields) {
            text.add(e.getKey());
            Value v = e.getValue();
            if (v == null) {
                text.add("\u0000");
            } else {
                text.add(v.type().name(), v.asText());
            }
        }
        MessageDigest digest = SHA_256.get();
        digest.update(text.bytes, 0, text.length);
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /**
     * Length-prefixed UTF-8 strings in one growing buffer. ASCII text (nearly every value) is copied a character at a
     * time without the byte array {@link String#getBytes} makes; other text takes that path.
     */
    private static final class Canonical {
        byte[] bytes = new byte[512];
        int length;

        void add(String s) {
            if (!ascii(s)) {
                addBytes(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            prefix(s.length());
            copy(s);
        }

        /** Adds {@code type + ":" + text}, as one string, without making it. */
        void add(String type, String text) {
            if (!ascii(type) || !ascii(text)) {
                addBytes((type + ":" + text).getBytes(StandardCharsets.UTF_8));
                return;
            }
            prefix(type.length() + 1 + text.length());
            copy(type);
            bytes[length++] = ':';
            copy(text);
        }

        private void addBytes(byte[] utf8) {
            prefix(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        /** Writes the length and makes room for the bytes that follow it. */
        private void prefix(int n) {
            if (length + 4 + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + 4 + n));
            }
            bytes[length++] = (byte) (n >>> 24);
            bytes[length++] = (byte) (n >>> 16);
            bytes[length++] = (byte) (n >>> 8);
            bytes[length++] = (byte) n;
        }

        private void copy(String ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                bytes[length++] = (byte) ascii.charAt(i);
            }
        }

        private static boolean ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }
}
