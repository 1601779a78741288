package io.hookflow.platform.control;

/** The wire naming rule both surfaces share: Java's camelCase components become snake_case JSON fields. */
public final class JsonNames {

    private JsonNames() {
    }

    public static String snakeCase(String javaName) {
        var out = new StringBuilder(javaName.length() + 4);
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
