package io.hookflow.platform.control;

import java.util.Collection;
import java.util.Map;

/** Text a receiver, a tenant or the network supplied, made fit for its column. */
public final class Texts {

    /** What a NUL becomes, as undecodable bytes of an answer already do. */
    static final char REPLACEMENT = '\uFFFD';

    private Texts() {
    }

    /** Whether a string in {@code value} (a JSON value read into strings, numbers, maps and lists) holds a NUL. */
    public static boolean holdsNul(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(entry -> holdsNul(entry.getKey()) || holdsNul(entry.getValue()));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().anyMatch(Texts::holdsNul);
        }
        return false;
    }

    /**
     * The first {@code max} characters of {@code value}, any NUL character replaced: PostgreSQL's text types cannot
     * hold one, so a receiver's answer with a NUL in it failed its booking on every try and was sent again each time
     * its lease lapsed. Null stays null.
     */
    public static String storable(String value, int max) {
        if (value == null) {
            return null;
        }
        String bounded = value.length() <= max ? value : value.substring(0, max);
        return bounded.indexOf('\0') < 0 ? bounded : bounded.replace('\0', REPLACEMENT);
    }
}
