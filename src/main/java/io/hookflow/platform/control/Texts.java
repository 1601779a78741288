package io.hookflow.platform.control;

/** Bounding stored text to its column. */
public final class Texts {

    private Texts() {
    }

    /** The first {@code max} characters of {@code value}; null stays null. */
    public static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
