package io.hookflow.security.control;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The roles a token's {@code groups} claim grants. Each one includes the ones before it. */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    private static final List<String> ORDER = List.of(VIEWER, EDITOR, ADMIN);

    private Roles() {
    }

    public static boolean isKnown(String role) {
        return ORDER.contains(role);
    }

    /** 0 for viewer up to 2 for admin; -1 for a role Hookflow does not know. */
    public static int rank(String role) {
        return ORDER.indexOf(role);
    }

    /** The highest known role among these, if any. */
    public static Optional<String> highest(Set<String> roles) {
        return roles.stream().filter(Roles::isKnown).max((a, b) -> Integer.compare(rank(a), rank(b)));
    }
}
