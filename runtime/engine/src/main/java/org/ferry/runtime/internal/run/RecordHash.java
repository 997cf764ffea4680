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
            text.add(v == null ? "\u0000" : v.type().name() + ":" + v.asText());
        }
        MessageDigest digest = SHA_256.get();
        digest.update(text.bytes, 0, text.length);
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /** Length-prefixed UTF-8 strings in one growing buffer. */
    private static final class Canonical {
        byte[] bytes = new byte[512];
        int length;

        void add(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (length + 4 + utf8.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + 4 + utf8.length));
            }
            bytes[length++] = (byte) (utf8.length >>> 24);
            bytes[length++] = (byte) (utf8.length >>> 16);
            bytes[length++] = (byte) (utf8.length >>> 8);
            bytes[length++] = (byte) utf8.length;
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }
    }
}
