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
 * it was last written: the SHA-256 of its canonical form. Stored hashes are compared with the next run's, so the
 * same record must hash to the same value from one version to the next (else an upgrade rewrites every record once).
 *
 * <p>Business-key legs keep its first 64 bits ({@link #digest}), a number: the 44 characters of the whole hash in
 * text were most of each row that Derby logs and normalizes in {@code record_hashes}. Rows stored before keep the
 * text, from which {@link #digestOf(String)} takes the same 64 bits, so an upgrade rewrites nothing. Key maps keep
 * the text ({@link #of}). A change goes unnoticed only if two versions of one record share 64 bits: about once in
 * 10<sup>19</sup> changes.
 */
final class RecordHash {
    /** Per thread: the digest, the text buffer and the last records' field order, reused record after record. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private RecordHash() {
    }

    /**
     * A stable hash of a mapped record: its organization and its fields in name order, in canonical text, each
     * preceded by its UTF-8 length. The bytes go to the digest in one call, and the digest is reused per thread:
     * the stream of small updates this replaced cost as much as a batch's hash store on the run thread.
     */
    static String of(EntityRecord record, String organization) {
        return Base64.getEncoder().encodeToString(sha256(record, organization));
    }

    /** @return the first 64 bits of the record's hash, big-endian, as {@link #of} writes them first */
    static long digest(EntityRecord record, String organization) {
        byte[] h = sha256(record, organization);
        return first64(h);
    }

    /** @return the digest of a hash stored as text by {@link #of} */
    static long digestOf(String text) {
        return first64(Base64.getDecoder().decode(text.strip()));
    }

    /** @return the first 64 bits of a digest, big-endian */
    static long first64(byte[] h) {
        long d = 0;
        for (int i = 0; i < 8; i++) {
            d = d << 8 | (h[i] & 0xff);
        }
        return d;
    }

    private static byte[] sha256(EntityRecord record, String organization) {
        Scratch scratch = SCRATCH.get();
        int n = scratch.fields(record.values());
        int[] order = scratch.order(n);
        Canonical text = scratch.text;
        text.length = 0;
        text.add(organization == null ? "\u0000" : organization);
        for (int i : order) {
            text.add(scratch.fieldNames[i]);
            Value v = scratch.fieldValues[i];
            if (v == null) {
                text.add("\u0000");
            } else {
                text.add(v.type().name(), v.asText());
            }
        }
        scratch.digest.update(text.bytes, 0, text.length);
        return scratch.digest.digest();
    }

    private static final class Scratch {
        final MessageDigest digest;
        final Canonical text = new Canonical();
        private String[] names = new String[0];
        private int[] order = new int[0];
        /** The record's fields, in its own order: read with one pass of the map, without an entry per field. */
        String[] fieldNames = new String[32];
        Value[] fieldValues = new Value[32];
        private int count;

        Scratch() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * @return the fields' positions in name order. The records of a leg have the same fields in the same order,
         *         so the order of the last ones is kept and reused while the names match: sorting each record's
         *         fields cost as much as its digest.
         */
        int[] order(int n) {
            if (!sameNames(n)) {
                String[] next = Arrays.copyOf(fieldNames, n);
                Integer[] positions = new Integer[n];
                for (int i = 0; i < n; i++) {
                    positions[i] = i;
                }
                Arrays.sort(positions, (a, b) -> next[a].compareTo(next[b]));
                names = next;
                order = Arrays.stream(positions).mapToInt(Integer::intValue).toArray();
            }
            return order;
        }

        /** @return how many fields the record has, now in {@link #fieldNames} and {@link #fieldValues} */
        int fields(Map<String, Value> values) {
            int n = values.size();
            if (n > fieldNames.length) {
                fieldNames = new String[n];
                fieldValues = new Value[n];
            }
            count = 0;
            values.forEach(collect);
            return n;
        }

        private final java.util.function.BiConsumer<String, Value> collect = (name, value) -> {
            fieldNames[count] = name;
            fieldValues[count++] = value;
        };

        private boolean sameNames(int n) {
            if (n != names.length) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                String key = fieldNames[i];
                if (key != names[i] && !key.equals(names[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Length-prefixed UTF-8 strings in one growing buffer. Text is copied a character at a time in one pass, without
     * the byte array {@link String#getBytes} makes; text that turns out not to be ASCII is written again that way.
     */
    private static final class Canonical {
        byte[] bytes = new byte[512];
        int length;
        private int seen;

        void add(String s) {
            room(s.length());
            seen = 0;
            int at = copy(s, length + 4);
            if (seen >= 0x80) {
                addBytes(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            prefix(s.length());
            length = at;
        }

        /** Adds {@code type + ":" + text}, as one string, without making it. */
        void add(String type, String text) {
            int n = type.length() + 1 + text.length();
            room(n);
            seen = 0;
            int at = copy(type, length + 4);
            bytes[at++] = ':';
            at = copy(text, at);
            if (seen >= 0x80) {
                addBytes((type + ":" + text).getBytes(StandardCharsets.UTF_8));
                return;
            }
            prefix(n);
            length = at;
        }

        /** @return where the copy ends; {@link #seen} gathers the bits of every character, to tell ASCII */
        private int copy(String s, int at) {
            int bits = seen;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                bits |= c;
                bytes[at++] = (byte) c;
            }
            seen = bits;
            return at;
        }

        private void addBytes(byte[] utf8) {
            room(utf8.length);
            prefix(utf8.length);
            System.arraycopy(utf8, 0, bytes, length + 4, utf8.length);
            length += 4 + utf8.length;
        }

        /** Makes room for a length and {@code n} bytes after it. */
        private void room(int n) {
            if (length + 4 + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + 4 + n));
            }
        }

        /** Writes the length in front of the bytes that follow it; {@link #length} stays where the length begins. */
        private void prefix(int n) {
            bytes[length] = (byte) (n >>> 24);
            bytes[length + 1] = (byte) (n >>> 16);
            bytes[length + 2] = (byte) (n >>> 8);
            bytes[length + 3] = (byte) n;
        }
    }
}
