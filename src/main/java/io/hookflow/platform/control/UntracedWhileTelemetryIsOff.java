package io.hookflow.platform.control;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Payara's MicroProfile Telemetry starts and fills a span for every JAX-RS request even while telemetry is off
 * ({@code otel.sdk.disabled}, true unless an operator sets it false), which was 6 % of a one-row GET's CPU
 * (docs/benchmarks.md, fifteenth round). While it is off, this source tells Payara's tracing to skip every path;
 * once an operator turns telemetry on it supplies nothing, so every request is traced again without undoing
 * anything. Its ordinal is below every other source's: an operator's own skip pattern always wins.
 *
 * <p>It reads the switch from system properties and the environment only (the places an operator sets it for
 * the server); a config source cannot ask the configuration it is part of.
 */
public final class UntracedWhileTelemetryIsOff implements ConfigSource {

    static final String SKIP_PATTERN = "mp.opentracing.server.skip-pattern";
    static final String EVERY_PATH = ".*";
    static final int ORDINAL = 1;

    private final Function<String, String> settings;

    public UntracedWhileTelemetryIsOff() {
        this(name -> Optional.ofNullable(System.getProperty(name))
                .orElseGet(() -> System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'))));
    }

    UntracedWhileTelemetryIsOff(Function<String, String> settings) {
        this.settings = settings;
    }

    private boolean telemetryOff() {
        return !"false".equalsIgnoreCase(String.valueOf(settings.apply("otel.sdk.disabled")).trim());
    }

    @Override
    public Map<String, String> getProperties() {
        return telemetryOff() ? Map.of(SKIP_PATTERN, EVERY_PATH) : Map.of();
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String name) {
        return getProperties().get(name);
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "hookflow: no request tracing while telemetry is off";
    }
}
