package org.ferry.connectors.cds.internal.schema;

/**
 * The canonical text of a business key is {@link org.ferry.api.data.BusinessKey#asText()}'s (joined and split with
 * {@code BusinessKey.joinText} and {@code splitText}): the value itself for one field; values joined by
 * {@code |}, with {@code |} and {@code \} escaped by {@code \}, for several. The hub stores it in {@code _key}
 * and in reference columns, so it must round-trip exactly.
 *
 * <p><b>Records without a business key</b> (written by id) still need a unique {@code _key}, and lookups to
 * them need a stored form. Both are texts holding {@link #MARK}, U+FFFF: a Unicode noncharacter, which the
 * standard reserves for a program's internal use and which never stands for a character in text exchanged
 * between systems, so no system's business key holds it. The hub refuses key values that do
 * ({@code ValueCodec#canonicalKeyPart}), which makes a clash with a real key impossible rather than unlikely.
 * <ul>
 * <li>{@code MARK + id}: a lookup to a record that had no business key when the lookup was written, by the
 *     record's hub id ({@link #idReference}).</li>
 * <li>{@code MARK + '#' + number}: the {@code _key} of a record without a business key ({@link #surrogate}).
 *     The number comes from the environment's change sequence, so no two records ever get the same one; the
 *     {@code #} keeps it apart from an id reference, which is the whole key of an entity keyed by one lookup.</li>
 * </ul>
 * A key text holding the mark anywhere (a composite key with a lookup part by id, too) is never a business
 * key: readers report such records without one.
 */
public final class KeyText {
    public static final char MARK = '\uFFFF';
    private static final char SURROGATE = '#';
    /** The most digits a hub id (a positive {@code BIGINT}) has. */
    private static final int MAX_ID_DIGITS = 19;

    private KeyText() {
    }

    /** @return whether the text is a business key, not a key made from hub ids */
    public static boolean isBusinessKey(String keyText) {
        return keyText.indexOf(MARK) < 0;
    }

    /** @return the stored form of a lookup to the record with this hub id */
    public static String idReference(long id) {
        return MARK + Long.toString(id);
    }

    /** @return the hub id a stored lookup refers to, or {@code null} if it refers by business key */
    public static Long referencedId(String stored) {
        if (stored.length() < 2 || stored.charAt(0) != MARK || stored.charAt(1) == SURROGATE) {
            return null;
        }
        return parseId(stored.substring(1));
    }

    /** @return the {@code _key} of a record without a business key, made from a fresh change number */
    public static String surrogate(long changeNumber) {
        return "" + MARK + SURROGATE + changeNumber;
    }

    /** @return whether the text is the {@code _key} of a record without a business key */
    public static boolean isSurrogate(String keyText) {
        return keyText.length() > 1 && keyText.charAt(0) == MARK && keyText.charAt(1) == SURROGATE;
    }

    /** @return why {@code text} cannot address a record of {@code entity} by id */
    public static String notAnId(String entity, String text) {
        return "'" + text + "' is not the id of a " + entity + " record in the hub: hub ids are whole numbers, as the "
                + "hub's reads report them";
    }

    /** @return a hub id written as readers report it (digits only), or {@code null} if the text is none */
    public static Long parseId(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_ID_DIGITS) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException beyondLong) {
            return null;
        }
    }
}
