package io.hookflow.platform.control;

import java.util.Locale;

/**
 * Turns a user's search words into a {@code LIKE} pattern that matches them literally anywhere in a value:
 * {@code %}, {@code _} and the escape character itself are data, never wildcards. Use with escape {@link #ESCAPE}.
 */
public final class Like {

    public static final char ESCAPE = '\\';

    private Like() {
    }

    /** The pattern for "contains {@code text}, ignoring case", for columns that are compared in lower case. */
    public static String containingIgnoringCase(String text) {
        return "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
