package io.hookflow.platform.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Millisecond precision everywhere: what both modelled APIs print, and what every database column keeps exactly. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
