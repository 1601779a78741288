package io.hookflow.flows.control;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} templating of a step's request. In text a placeholder becomes the value's text; where the
 * text is a URL, the value is percent-encoded first; in a JSON body a string that is exactly one placeholder
 * becomes the value itself (a number stays a number, an object an object).
 */
public final class Templates {

    public static final String NAME = "[A-Za-z0-9_][A-Za-z0-9_.\\-]*";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(" + NAME + ")\\s*}}");
    private static final Pattern WHOLE = Pattern.compile("^\\{\\{\\s*(" + NAME + ")\\s*}}$");

    private Templates() {
    }

    /**
     * Gives a variable's value; throws {@link VariableValues.Unavailable}, saying why, when there is none.
     */
    @FunctionalInterface
    public interface Values extends Function<String, Object> {
        static Values of(Map<String, ?> values) {
            return name -> {
                Object value = values.get(name);
                if (value == null) {
                    throw new VariableValues.Unavailable("{{" + name + "}} has no value");
                }
                return value;
            };
        }
    }

    /** Every placeholder name in a value: a string, or maps (keys too) and lists of them. */
    public static Set<String> names(Object template) {
        Set<String> names = new LinkedHashSet<>();
        collect(template, names);
        return names;
    }

    private static void collect(Object template, Set<String> names) {
        if (template instanceof String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        } else if (template instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                collect(String.valueOf(k), names);
                collect(v, names);
            });
        } else if (template instanceof List<?> list) {
            list.forEach(item -> collect(item, names));
        }
    }

    /** The template with every placeholder replaced by {@code x}: what a filled-in value looks like, for checks at write. */
    public static String sample(String template) {
        return template == null ? null : PLACEHOLDER.matcher(template).replaceAll("x");
    }

    /** Placeholders replaced by the values' text. */
    public static String text(String template, Values values) {
        return replace(template, values, Templates::textOf);
    }

    /** Placeholders replaced by the values' text, percent-encoded: for a URL the template already is. */
    public static String url(String template, Values values) {
        return replace(template, values, value -> percentEncode(textOf(value)));
    }

    /** A JSON value with placeholders replaced: typed where a string is a whole placeholder, as text elsewhere. */
    public static Object json(Object template, Values values) {
        if (template instanceof String text) {
            Matcher whole = WHOLE.matcher(text);
            return whole.matches() ? values.apply(whole.group(1)) : text(text, values);
        }
        if (template instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(text(String.valueOf(k), values), json(v, values)));
            return out;
        }
        if (template instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(json(item, values)));
            return out;
        }
        return template;
    }

    private static String replace(String template, Values values, Function<Object, String> render) {
        if (template == null || template.indexOf("{{") < 0) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 16);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(render.apply(values.apply(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A value as text: strings as they are, numbers without exponent or needless ".0", structures as JSON. */
    public static String textOf(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            // out of bounds only where a value was never checked (an error message): scientific, never expanded
            return Numbers.isBounded((Number) value) ? Numbers.bounded((Number) value).stripTrailingZeros().toPlainString() : String.valueOf(value);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return JsonPaths.write(value);
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, so a value stays one URL component. */
    public static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The URL with query parameters appended: keys and values templated as text, then percent-encoded. */
    public static String withQuery(String url, Map<String, ?> params, Values values) {
        if (params.isEmpty()) {
            return url;
        }
        StringBuilder out = new StringBuilder(url);
        char separator = url.indexOf('?') >= 0 ? '&' : '?';
        if (url.endsWith("?") || url.endsWith("&")) {
            separator = 0;
        }
        for (var entry : params.entrySet()) {
            if (separator != 0) {
                out.append(separator);
            }
            separator = '&';
            out.append(percentEncode(text(entry.getKey(), values))).append('=')
                    .append(percentEncode(entry.getValue() == null ? "" : text(textOf(entry.getValue()), values)));
        }
        return out.toString();
    }
}
