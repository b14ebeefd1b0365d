package io.thaw.deliver;

import java.util.List;

/**
 * Last line of defence for names under a destination root. The naming package already sanitises
 * them; this only refuses (never repairs), so a bug upstream shows up as an error instead of a file
 * written somewhere unexpected.
 */
final class RelativeName {

    private RelativeName() {
    }

    /**
     * Returns the '/'-separated segments of {@code name}, or throws when it is absolute, has an empty,
     * '.' or '..' segment, a backslash or a control character.
     */
    static List<String> segments(String name) {
        if (name == null || name.isEmpty()) {
            throw refuse(name, "it is empty");
        }
        if (name.startsWith("/")) {
            throw refuse(name, "it is absolute");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                throw refuse(name, "it contains a backslash");
            }
            if (Character.isISOControl(c)) {
                throw refuse(name, "it contains control character U+" + String.format("%04X", (int) c));
            }
        }
        List<String> parts = List.of(name.split("/", -1));
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw refuse(name, "it has an empty, '.' or '..' path segment");
            }
        }
        return parts;
    }

    /** Checks {@code name} and returns it unchanged. */
    static String check(String name) {
        segments(name);
        return name;
    }

    private static IllegalArgumentException refuse(String name, String why) {
        // an UnusableName: the same name would be refused on every retry, so the job fails with this message
        String shown = name == null ? "null" : name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return new Undeliverable.UnusableName("refusing to deliver to '" + shown + "': " + why
                + " — output names must be relative paths inside the destination (this is a bug in name sanitising)");
    }
}
