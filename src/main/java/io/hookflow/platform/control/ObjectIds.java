package io.hookflow.platform.control;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * 24-hex ids laid out like a MongoDB ObjectId (4 bytes of seconds, 5 random bytes per process, 3 bytes of
 * counter), so clients of the modelled API see the ids they expect and ids sort by creation time.
 */
public final class ObjectIds {

    public static final String PATTERN = "^[0-9a-f]{24}$";
    public static final String PATTERN_MESSAGE = "must be 24 lowercase hex characters";
    private static final Pattern VALID = Pattern.compile(PATTERN);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = RANDOM.generateSeed(5);
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());

    private ObjectIds() {
    }

    public static String next() {
        return next(Instant.now());
    }

    static String next(Instant at) {
        byte[] id = new byte[12];
        int seconds = (int) at.getEpochSecond();
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, id, 4, 5);
        int count = COUNTER.getAndIncrement();
        id[9] = (byte) (count >>> 16);
        id[10] = (byte) (count >>> 8);
        id[11] = (byte) count;
        return HexFormat.of().formatHex(id);
    }

    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }
}
