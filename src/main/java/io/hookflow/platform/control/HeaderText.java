package io.hookflow.platform.control;

import java.util.Optional;

/**
 * What may go into an HTTP header a tenant supplies: no control character (CR, LF, NUL, the other C0 characters
 * but horizontal tab, and DEL), so a value can neither split the request nor be refused by the HTTP client,
 * whose refusal quotes the whole value (a bearer token) into an error that viewers read. Messages never quote
 * the value.
 */
public final class HeaderText {

    public static final String VALUE_RULE = "must not contain control characters (CR, LF, NUL or others; a tab is allowed)";
    public static final String NAME_RULE = "must be a header name: no spaces, colons or control characters";
    /** For Bean Validation: a value without control characters (tab allowed). */
    public static final String VALUE_PATTERN = "[^\\x00-\\x08\\x0A-\\x1F\\x7F]*";

    private HeaderText() {
    }

    public static boolean isValue(String text) {
        return text == null || text.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    public static boolean isName(String text) {
        return text != null && !text.isEmpty() && text.chars().noneMatch(c -> c <= 0x20 || c == 0x7f || c == ':');
    }

    /** Why a header value is not acceptable, if it is not. */
    public static Optional<String> valueProblem(String text) {
        return isValue(text) ? Optional.empty() : Optional.of(VALUE_RULE);
    }

    /** Why a header name is not acceptable, if it is not. */
    public static Optional<String> nameProblem(String text) {
        return isName(text) ? Optional.empty() : Optional.of(NAME_RULE);
    }
}
