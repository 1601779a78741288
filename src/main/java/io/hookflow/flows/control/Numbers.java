package io.hookflow.flows.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers a flow works with, bounded: finite, at most {@value #MAX_DIGITS} significant digits and a decimal
 * exponent between -{@value #MAX_EXPONENT} and {@value #MAX_EXPONENT} (zero is zero, whatever its exponent).
 * Without a bound, {@code 1e2147483647} breaks {@link BigDecimal#toPlainString()} and {@code 1e2147483000} fills
 * the heap; {@code 1e999} reads as an infinite double.
 */
public final class Numbers {

    public static final int MAX_DIGITS = 100;
    public static final int MAX_EXPONENT = 100;
    /** Longer numeric text is not parsed at all: parsing digits costs more than linear time. */
    static final int MAX_TEXT = 2 * MAX_DIGITS + 10;
    static final String RULE = "numbers are limited to " + MAX_DIGITS + " significant digits and a decimal exponent between -"
            + MAX_EXPONENT + " and " + MAX_EXPONENT;

    private Numbers() {
    }

    /** A number that is out of bounds; the message says which bound. */
    public static final class OutOfRange extends IllegalArgumentException {
        OutOfRange(String message) {
            super(message, null);
        }
    }

    /** Where in a value (path of keys and indexes) a number breaks the bounds, and how. */
    public record Problem(List<Object> at, String message) {
    }

    /** {@code n} as a bounded {@link BigDecimal}; {@link OutOfRange} when it is not finite or out of bounds. */
    public static BigDecimal bounded(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new OutOfRange("is not a finite number (" + RULE + ")");
            }
            return bounded(BigDecimal.valueOf(d));
        }
        if (n instanceof BigDecimal decimal) {
            return bounded(decimal);
        }
        if (n instanceof BigInteger integer) {
            if (integer.bitLength() > 4 * (MAX_EXPONENT + 1)) {
                throw new OutOfRange("is out of range (" + RULE + ")");
            }
            return bounded(new BigDecimal(integer));
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** Numeric text as a bounded {@link BigDecimal}; {@link NumberFormatException} when it is not a number. */
    public static BigDecimal parse(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT) {
            throw new OutOfRange("is longer than " + MAX_TEXT + " characters (" + RULE + ")");
        }
        return bounded(new BigDecimal(trimmed));
    }

    private static BigDecimal bounded(BigDecimal decimal) {
        if (decimal.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // long arithmetic: precision - scale overflows an int for 1e2147483647
        long exponent = (long) decimal.precision() - decimal.scale() - 1;
        if (exponent > MAX_EXPONENT || exponent < -MAX_EXPONENT) {
            throw new OutOfRange("is out of range (" + RULE + ")");
        }
        if (decimal.stripTrailingZeros().precision() > MAX_DIGITS) {
            throw new OutOfRange("has more than " + MAX_DIGITS + " significant digits (" + RULE + ")");
        }
        return decimal;
    }

    /** Whether {@code n} is within the bounds. */
    public static boolean isBounded(Number n) {
        try {
            bounded(n);
            return true;
        } catch (OutOfRange e) {
            return false;
        }
    }

    /** The first number in a JSON-like value (maps, lists, scalars) that breaks the bounds. */
    public static Optional<Problem> problem(Object value) {
        return problem(value, new ArrayList<>());
    }

    private static Optional<Problem> problem(Object value, List<Object> at) {
        if (value instanceof Number n) {
            try {
                bounded(n);
            } catch (OutOfRange e) {
                return Optional.of(new Problem(List.copyOf(at), e.getMessage()));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                at.add(String.valueOf(entry.getKey()));
                var found = problem(entry.getValue(), at);
                at.remove(at.size() - 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                at.add(i);
                var found = problem(list.get(i), at);
                at.remove(at.size() - 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** {@link VariableValues.Unavailable} naming {@code what} when a number in {@code value} breaks the bounds. */
    static <T> T requireBounded(T value, String what) {
        problem(value).ifPresent(p -> {
            throw new VariableValues.Unavailable(what + (p.at().isEmpty() ? "" : " at " + p.at()) + " " + p.message());
        });
        return value;
    }
}
