package io.hookflow.security.control;

/** The roles a token's {@code groups} claim grants. Each one includes the ones before it. */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
