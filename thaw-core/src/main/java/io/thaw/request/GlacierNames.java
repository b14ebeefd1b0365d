package io.thaw.request;

/**
 * Syntax Glacier imposes on names and ids, checked before any call so a typo is reported against the
 * request file rather than as a 400 from AWS hours later.
 */
final class GlacierNames {

    static final int MAX_DESCRIPTION = 1024;

    private GlacierNames() {
    }

    /** Vault names: 1–255 characters of a-z A-Z 0-9 _ . - (Glacier CreateVault rule). */
    static void checkVault(String field, String value) throws RequestRejectedException {
        if (value.isEmpty() || value.length() > 255) {
            throw new RequestRejectedException(field + " \"" + printable(value) + "\" is not a valid vault name: it has "
                    + value.length() + " characters, a vault name has 1 to 255 of a-z A-Z 0-9 _ . -");
        }
        if (value.equals(".") || value.equals("..")) {
            // allowed by the character rule, but meaningless as a path segment in Glacier's REST URLs
            throw new RequestRejectedException(field + " \"" + value + "\" is not a valid vault name: \".\" and \"..\""
                    + " cannot name a vault — use the vault's real name");
        }
        int bad = firstOutside(value, "_.-");
        if (bad >= 0) {
            throw new RequestRejectedException(field + " \"" + printable(value) + "\" is not a valid vault name: "
                    + describe(value, bad) + " — a vault name uses only a-z A-Z 0-9 _ . - (1 to 255 characters)");
        }
    }

    /** {@code -} means "the account of the credentials"; otherwise 12 digits, no hyphens. */
    static void checkAccount(String field, String value) throws RequestRejectedException {
        if (!value.equals("-") && !value.matches("[0-9]{12}")) {
            throw new RequestRejectedException(field + " \"" + printable(value) + "\" is not valid: write \"-\" (the"
                    + " account of the credentials) or the 12-digit AWS account id without hyphens, e.g. \"111122223333\"");
        }
    }

    /**
     * Archive and job ids: only the character set is checked. Real ids are 138 (archive) and 92 (job)
     * characters, but AWS never promised those lengths, so a length check could reject a valid id.
     */
    static void checkId(String field, String value, String what) throws RequestRejectedException {
        if (value.isEmpty()) {
            throw new RequestRejectedException(field + " is empty: give the " + what + " id, e.g. from the vault inventory");
        }
        int bad = firstOutside(value, "_-");
        if (bad >= 0) {
            throw new RequestRejectedException(field + " \"" + printable(value) + "\" is not a Glacier " + what + " id: "
                    + describe(value, bad) + " — " + what + " ids use only A-Z a-z 0-9 _ - ; copy the id again"
                    + " (e.g. from the vault inventory) without spaces or quotes");
        }
    }

    /** Glacier accepts descriptions of at most 1,024 printable ASCII characters (0x20–0x7E). */
    static void checkDescription(String field, String value) throws RequestRejectedException {
        if (value.length() > MAX_DESCRIPTION) {
            throw new RequestRejectedException(field + " is " + value.length() + " characters long: Glacier accepts at"
                    + " most " + MAX_DESCRIPTION + " — shorten it");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new RequestRejectedException(field + " " + describe(value, i) + ": Glacier accepts only printable"
                        + " ASCII (space to ~, 0x20–0x7E) in job descriptions — replace or remove it");
            }
        }
    }

    private static int firstOutside(String value, String extra) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.indexOf(c) >= 0;
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    /** "has ' ' (U+0020) at position 4" — 1-based, with the code point so invisible characters show. */
    static String describe(String value, int index) {
        int cp = value.codePointAt(index);
        String shown = cp < 0x20 || cp == 0x7F || Character.isWhitespace(cp) && cp != ' ' ? "" : "'" + new String(Character.toChars(cp)) + "' ";
        return String.format("has %s(U+%04X) at position %d", shown, cp, index + 1);
    }

    /** A value safe to quote in a message (and so in the log): control characters escaped, long values cut. */
    static String printable(String value) {
        String shown = io.thaw.log.LogText.escape(value);
        if (shown.length() <= 200) {
            return shown;
        }
        int end = Character.isHighSurrogate(shown.charAt(199)) ? 199 : 200;
        return shown.substring(0, end) + "…";
    }
}
